import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ImportsRepository, OpportunitiesRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobDispatcher } from './job-dispatcher';
import { BullmqJobQueue, InProcessJobQueue, JobQueue } from './job-queue';

@Global()
@Module({
  providers: [
    JobDispatcher,
    {
      provide: JobQueue,
      inject: [APP_CONFIG, JobDispatcher],
      useFactory: (config: AppConfig, dispatcher: JobDispatcher): JobQueue =>
        config.redisUrl
          ? new BullmqJobQueue(config.redisUrl, config.queuePrefix, config.analysisDebounceMs, config.alertRetryBackoffMs)
          : new InProcessJobQueue(dispatcher, undefined, config.analysisDebounceMs, true),
    },
  ],
  exports: [JobQueue, JobDispatcher],
})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JobQueue) private readonly queue: JobQueue,
    private readonly imports: ImportsRepository,
    private readonly opportunities: OpportunitiesRepository,
  ) {}

  /**
   * In-process, a queued job does not outlive the process: an analysis that was waiting when the
   * app stopped is run now if an import finished after the last analysis started.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.queue.mode !== 'in-process') return;
    const [imported, run] = await Promise.all([this.imports.lastCompletedAt(), this.opportunities.lastRun()]);
    if (imported && (!run || imported > String(run.started_at))) {
      new Logger('QueueModule').log({ msg: 'imports finished after the last analysis: the analysis is queued' });
      await this.queue.enqueue('analysis', { trigger: 'start-up: imports since the last analysis' });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
