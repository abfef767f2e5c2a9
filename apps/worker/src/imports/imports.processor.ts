import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobDispatcher, JobWorkers, startJobWorker } from '@app/queue';

/** Thin: takes jobs off the imports and analysis queues and hands them to the dispatcher. */
@Injectable()
export class ImportsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: JobWorkers | null = null;
  private readonly logger = new Logger('ImportsProcessor');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly dispatcher: JobDispatcher) {}

  onApplicationBootstrap(): void {
    if (!this.config.redisUrl) throw new Error('the worker needs REDIS_URL; without it the API runs jobs in-process and no worker is needed');
    this.worker = startJobWorker(this.dispatcher, {
      redisUrl: this.config.redisUrl,
      prefix: this.config.queuePrefix,
      concurrency: this.config.workerConcurrency,
      stalledIntervalMs: this.config.stalledIntervalMs,
      lockMs: this.config.workerLockMs,
      debounceMs: this.config.analysisDebounceMs,
      alertBackoffMs: this.config.alertRetryBackoffMs,
      nightly: true,
      analysisParts: this.config.analysisWorkerParts,
    });
    this.logger.log({ msg: 'worker listening', queues: ['imports', 'analysis'], concurrency: this.config.workerConcurrency, pid: process.pid });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
