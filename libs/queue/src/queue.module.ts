import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, Clock, ImportsRepository, OpportunitiesRepository } from '@app/persistence';

/** A CLI import unfinished this long is taken for stopped (a national register's write takes a minute or two). */
const STALE_CLI_IMPORT_MS = 60 * 60 * 1000;
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobDispatcher } from './job-dispatcher';
import { BullmqJobQueue, InProcessJobQueue, JobQueue, QueueUnavailable } from './job-queue';

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
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * In-process, a queued job does not outlive the process: an analysis that was waiting when the
   * app stopped is run now if an import finished after the last analysis started.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.recoverImports();
    // With Redis, an upload taken while Redis was unreachable waits, kept, until it can be queued.
    if (this.queue.mode === 'bullmq') {
      this.retry = setInterval(() => void this.queueWaitingUploads().catch(() => undefined), this.config.queueRetryMs);
      this.retry.unref();
    }
    // Uploaded files past their keeping time (the import records stay).
    const pruned = await this.imports.pruneFiles(new Date(Date.parse(this.clock()) - this.config.uploadRetentionDays * 86_400_000).toISOString());
    if (pruned > 0) new Logger('QueueModule').log({ msg: 'uploaded files past UPLOAD_RETENTION_DAYS deleted', files: pruned });
    if (this.queue.mode !== 'in-process') return;
    const [imported, run] = await Promise.all([this.imports.lastCompletedAt(), this.opportunities.lastRun()]);
    if (imported && (!run || imported > String(run.started_at))) {
      new Logger('QueueModule').log({ msg: 'imports finished after the last analysis: the analysis is queued' });
      await this.queue.enqueue('analysis', { trigger: 'start-up: imports since the last analysis' });
    }
  }

  /**
   * Every import ends: at start-up, an upload left 'queued' or 'processing' (the process that had it
   * stopped, or Redis was unreachable when it came) is queued again (the job id makes that
   * idempotent; an import stopped mid-write never committed, so it starts clean). One read from a
   * file on disk by the CLI cannot be resumed: once it has been unfinished for an hour it is failed,
   * saying why. With Redis, a job a worker holds is left to BullMQ's stalled-job check.
   */
  private async recoverImports(): Promise<void> {
    const logger = new Logger('QueueModule');
    const now = this.clock();
    for (const i of await this.imports.unfinished()) {
      if (i.stored && (this.queue.mode === 'in-process' || i.status === 'queued')) {
        logger.log({ msg: 'an unfinished upload is queued again', importId: i.id, status: i.status });
        try {
          await this.queue.enqueue('import', { importId: i.id });
        } catch (e) {
          // Redis is away: the upload stays kept, and is queued by the retry below once it is back.
          if (!(e instanceof QueueUnavailable)) throw e;
          logger.warn({ msg: 'the job queue is unreachable: uploads waiting are queued when it is back', importId: i.id });
          return;
        }
      } else if (!i.stored && Date.parse(now) - Date.parse(i.startedAt ?? i.createdAt) > STALE_CLI_IMPORT_MS) {
        const failed = await this.imports.failUnfinished(i.id, 'IMPORT_INTERRUPTED',
          `the process importing this file stopped before it finished (found unfinished at start-up, ${i.status} since ${(i.startedAt ?? i.createdAt).slice(0, 16).replace('T', ' ')} UTC); nothing of it was stored: import the file again`, now);
        if (failed) logger.warn({ msg: 'an import whose process stopped is marked failed', importId: i.id });
      }
    }
  }

  private retry: NodeJS.Timeout | null = null;

  /** Uploads kept while the queue was unreachable ('queued', file stored, a while ago): queued now (the job id makes it idempotent). */
  private async queueWaitingUploads(): Promise<void> {
    const before = Date.parse(this.clock()) - this.config.queueRetryMs;
    for (const i of await this.imports.unfinished()) {
      if (i.status !== 'queued' || !i.stored || Date.parse(i.createdAt) > before) continue;
      await this.queue.enqueue('import', { importId: i.id });
      new Logger('QueueModule').log({ msg: 'an upload kept while the queue was unreachable is queued', importId: i.id });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.retry) clearInterval(this.retry);
    await this.queue.close();
  }
}
