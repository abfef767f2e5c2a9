import * as os from 'node:os';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker, WorkerOptions as BullWorkerOptions } from 'bullmq';
import type { PartSpreader } from '@app/analysis';
import { ANALYSIS_QUEUE, IMPORTS_QUEUE, jobIdFor, JobName, PermanentJobError } from './job-names';
import { JobDispatcher } from './job-dispatcher';
import { addJob, BullQueues, openQueues, redisConnection, RETRY } from './job-queue';

export interface WorkerOptions {
  redisUrl: string;
  prefix: string;
  /** Jobs of the imports queue (imports, alert runs) this process runs at once. */
  concurrency: number;
  stalledIntervalMs: number;
  /** How long a job's lock lasts unrenewed (default: the stalled interval); longer than any pause of the worker's event loop. */
  lockMs?: number;
  /** How long the analysis waits after an import (a burst of imports causes one run). */
  debounceMs?: number;
  /** First retry delay of a council's alert run (doubling). */
  alertBackoffMs?: number;
  /** Schedule the nightly analysis (02:00, Europe/London). */
  nightly?: boolean;
  /** Split each analysis into at least this many parts, run as jobs by any worker (1 or absent: not spread). */
  analysisParts?: number;
}

/** How often a run spread over workers looks whether its parts are staged. */
const PART_POLL_MS = 500;

/** The BullMQ workers of one process: imports and alert runs, and the analysis (one at a time across all processes). */
export interface JobWorkers {
  imports: Worker;
  analysis: Worker;
  close(): Promise<void>;
}

/** A BullMQ worker that hands each job to the dispatcher; bad input is not retried. */
export function startJobWorker(dispatcher: JobDispatcher, options: WorkerOptions): JobWorkers {
  const logger = new Logger('JobWorker');
  // BullMQ leaves a connection it was given open when the worker closes: close them ourselves.
  const connections = [redisConnection(options.redisUrl), redisConnection(options.redisUrl), redisConnection(options.redisUrl)];
  // Follow-up jobs (the analysis after an import, a council's alert run) are queued from this process.
  const queues = openQueues(connections[2], options.prefix);
  dispatcher.onFollowUp((name, data) => addJob(queues, name, data, options.debounceMs ?? 60_000, options.alertBackoffMs));
  if ((options.analysisParts ?? 1) >= 2) dispatcher.onSpread(partSpreader(queues, options.analysisParts!));
  const retry = { attempts: RETRY.attempts, backoff: { type: 'exponential', delay: RETRY.backoffMs } };
  // One analysis at a time across every worker process: it replaces the stored findings as a whole.
  void queues.analysis.setGlobalConcurrency(1).catch((e: Error) => logger.error({ msg: 'could not limit the analysis queue', err: e.message }));
  if (options.nightly) {
    void queues.analysis
      .upsertJobScheduler('nightly-analysis', { pattern: '0 2 * * *', tz: 'Europe/London' }, { name: 'analysis', data: { trigger: 'nightly' }, opts: retry })
      .catch((e: Error) => logger.error({ msg: 'could not schedule the nightly analysis', err: e.message }));
    // Registers scheduled by earlier versions put the nightly analysis on the imports queue.
    void queues.imports.removeJobScheduler('nightly-analysis').catch(() => undefined);
    // Every morning at 07:00 UK time, the alert run (one job per council).
    void queues.imports
      .upsertJobScheduler('daily-alerts', { pattern: '0 7 * * *', tz: 'Europe/London' }, { name: 'alerts-daily', data: {}, opts: retry })
      .catch((e: Error) => logger.error({ msg: 'could not schedule the daily alerts', err: e.message }));
  }
  const processor = async (job: Job) => {
    logger.log({ msg: 'job started', jobId: job.id, name: job.name, attempt: job.attemptsMade + 1, pid: process.pid });
    try {
      const result = await dispatcher.dispatch(job.name as JobName, job.data);
      logger.log({ msg: 'job finished', jobId: job.id, name: job.name, status: result.status, pid: process.pid });
      return { status: result.status };
    } catch (e) {
      if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
      throw e;
    }
  };
  // A worker killed mid-job stops renewing its lock: after lockDuration the job counts as stalled
  // and the next stalled check (every stalledIntervalMs, by any live worker) hands it on.
  // Jobs are idempotent (see ImportRunner.claim), so one handed on while its worker lives is stored once.
  const settings = (connection: BullWorkerOptions['connection']): BullWorkerOptions => ({
    connection,
    prefix: options.prefix,
    name: `${os.hostname()}:${process.pid}`,
    stalledInterval: options.stalledIntervalMs,
    lockDuration: Math.max(options.lockMs ?? options.stalledIntervalMs, 2000),
    maxStalledCount: 3,
  });
  const imports = new Worker(IMPORTS_QUEUE, processor, { ...settings(connections[0]), concurrency: options.concurrency });
  const analysis = new Worker(ANALYSIS_QUEUE, processor, { ...settings(connections[1]), concurrency: 1 });
  for (const worker of [imports, analysis]) {
    worker.on('failed', (job, err) => logger.error({ msg: 'job failed', jobId: job?.id, attempt: job?.attemptsMade, err: err.message }));
    worker.on('error', (err) => logger.error({ msg: 'worker error', err: err.message }));
  }
  return {
    imports,
    analysis,
    close: async () => {
      await Promise.all([imports.close(), analysis.close()]);
      await Promise.all([queues.imports.close(), queues.analysis.close()]);
      for (const c of connections) c.disconnect();
    },
  };
}

/**
 * An analysis's parts as jobs on the imports queue (every worker takes them, WORKER_CONCURRENCY at
 * a time): queued once each, then waited for until every part is staged. A part that failed for
 * good (its retries spent, or the register changed under it) fails the run, which is retried whole.
 */
export function partSpreader(queues: BullQueues, minParts: number): PartSpreader {
  return {
    minParts,
    spread: async (jobs, staged) => {
      for (const job of jobs) await addJob(queues, 'analysis-part', job, 0);
      for (;;) {
        const done = new Set(await staged());
        const waiting = jobs.filter((j) => !done.has(j.part));
        if (waiting.length === 0) return;
        for (const j of waiting) {
          const job = await queues.imports.getJob(jobIdFor('analysis-part', j));
          if (job && (await job.isFailed())) throw new Error(`part ${j.part + 1} of ${jobs.length} of the analysis failed: ${job.failedReason}`);
        }
        await new Promise((r) => setTimeout(r, PART_POLL_MS));
      }
    },
  };
}
