import { Logger } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { IMPORTS_QUEUE, JobName, PermanentJobError } from './job-names';
import { JobDispatcher } from './job-dispatcher';
import { redisConnection } from './job-queue';

export interface WorkerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  stalledIntervalMs: number;
}

/** A BullMQ worker that hands each job to the dispatcher; bad input is not retried. */
export function startJobWorker(dispatcher: JobDispatcher, options: WorkerOptions): Worker {
  const logger = new Logger('JobWorker');
  // BullMQ leaves a connection it was given open when the worker closes: close it ourselves.
  const connection = redisConnection(options.redisUrl);
  const worker = new Worker(
    IMPORTS_QUEUE,
    async (job) => {
      logger.log({ msg: 'job started', jobId: job.id, name: job.name, attempt: job.attemptsMade + 1 });
      try {
        const result = await dispatcher.dispatch(job.name as JobName, job.data);
        logger.log({ msg: 'job finished', jobId: job.id, status: result.status, imported: result.imported, rejected: result.rejected });
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
  worker.on('closed', () => connection.disconnect());
  worker.on('failed', (job, err) => logger.error({ msg: 'job failed', jobId: job?.id, attempt: job?.attemptsMade, err: err.message }));
  return worker;
}
