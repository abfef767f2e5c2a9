import { Logger } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { IMPORTS_QUEUE, JobName, PermanentJobError } from './job-names';
import { JobDispatcher } from './job-dispatcher';
import { addJob, redisConnection, RETRY } from './job-queue';

export interface WorkerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  stalledIntervalMs: number;
  /** How long the analysis waits after an import (a burst of imports causes one run). */
  debounceMs?: number;
  /** First retry delay of a council's alert run (doubling). */
  alertBackoffMs?: number;
  /** Schedule the nightly analysis (02:00, Europe/London). */
  nightly?: boolean;
}

/** A BullMQ worker that hands each job to the dispatcher; bad input is not retried. */
export function startJobWorker(dispatcher: JobDispatcher, options: WorkerOptions): Worker {
  const logger = new Logger('JobWorker');
  // BullMQ leaves a connection it was given open when the worker closes: close it ourselves.
  const connection = redisConnection(options.redisUrl);
  // Follow-up jobs (the analysis after an import) go on the same queue, from this process.
  const followUps = new Queue(IMPORTS_QUEUE, { connection: redisConnection(options.redisUrl), prefix: options.prefix });
  dispatcher.onFollowUp((name, data) => addJob(followUps, name, data, options.debounceMs ?? 60_000, options.alertBackoffMs));
  if (options.nightly) {
    void followUps
      .upsertJobScheduler('nightly-analysis', { pattern: '0 2 * * *', tz: 'Europe/London' }, { name: 'analysis', data: { trigger: 'nightly' }, opts: { attempts: RETRY.attempts, backoff: { type: 'exponential', delay: RETRY.backoffMs } } })
      .catch((e: Error) => logger.error({ msg: 'could not schedule the nightly analysis', err: e.message }));
    // Every morning at 07:00 UK time, the alert run (one job per council).
    void followUps
      .upsertJobScheduler('daily-alerts', { pattern: '0 7 * * *', tz: 'Europe/London' }, { name: 'alerts-daily', data: {}, opts: { attempts: RETRY.attempts, backoff: { type: 'exponential', delay: RETRY.backoffMs } } })
      .catch((e: Error) => logger.error({ msg: 'could not schedule the daily alerts', err: e.message }));
  }
  const worker = new Worker(
    IMPORTS_QUEUE,
    async (job) => {
      logger.log({ msg: 'job started', jobId: job.id, name: job.name, attempt: job.attemptsMade + 1 });
      try {
        const result = await dispatcher.dispatch(job.name as JobName, job.data);
        logger.log({ msg: 'job finished', jobId: job.id, name: job.name, status: result.status });
        return { status: result.status };
      } catch (e) {
        if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      stalledInterval: options.stalledIntervalMs,
      lockDuration: Math.max(options.stalledIntervalMs, 2000),
      maxStalledCount: 3,
    },
  );
  worker.on('closed', () => {
    connection.disconnect();
    void followUps.close().then(() => followUps.disconnect());
  });
  worker.on('failed', (job, err) => logger.error({ msg: 'job failed', jobId: job?.id, attempt: job?.attemptsMade, err: err.message }));
  return worker;
}
