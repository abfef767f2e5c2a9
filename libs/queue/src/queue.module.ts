import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
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
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
