import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { JobsOptions, Queue, Queue as BullQueue } from 'bullmq';
import { ANALYSIS_JOB_ID, ANALYSIS_QUEUE, IMPORTS_QUEUE, jobIdFor, JobName, JobPayloads, PermanentJobError, queueFor } from './job-names';
import { JobDispatcher } from './job-dispatcher';

export const RETRY = { attempts: 5, backoffMs: 2000 } as const;
/** 15 s doubling over 8 attempts: about 32 minutes in all, well past the 5-minute delivery claim lease. */
export const ALERT_RETRY = { attempts: 8, backoffMs: 15_000 } as const;

/**
 * How each job is queued. Imports: a deterministic id, so the same import is queued once.
 * The analysis: deduplicated while it waits `debounceMs`, so a burst of imports queues one run;
 * a request once it has started (an import finishing during the run) queues the next run, which
 * waits for this one (its queue runs one job at a time).
 */
export function jobOptions<N extends JobName>(name: N, data: JobPayloads[N], debounceMs: number, alertBackoffMs: number = ALERT_RETRY.backoffMs): JobsOptions {
  const common = { jobId: jobIdFor(name, data), attempts: RETRY.attempts, backoff: { type: 'exponential', delay: RETRY.backoffMs } };
  // A council's alert run is retried for longer than a delivery claim lasts, so a delivery a
  // dead worker had claimed is taken over by a retry of the same day's job, not left for tomorrow.
  if (name === 'alerts-council') return { ...common, attempts: ALERT_RETRY.attempts, backoff: { type: 'exponential', delay: alertBackoffMs }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } };
  if (name === 'analysis') {
    const { jobId, ...rest } = common;
    return { ...rest, delay: debounceMs, deduplication: { id: ANALYSIS_JOB_ID, ttl: Math.max(1, debounceMs) }, removeOnComplete: true, removeOnFail: true };
  }
  // A part is looked up by its run while the run waits (failed for good: the run fails), then of no use.
  if (name === 'analysis-part') return { ...common, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } };
  // A replayed or scheduled daily run may come again the same day: removed when done, so it can.
  if (name === 'alerts-daily') return { ...common, removeOnComplete: true, removeOnFail: true };
  return { ...common, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: false };
}

/** The BullMQ queues jobs go on (see queueFor). */
export interface BullQueues {
  imports: BullQueue;
  analysis: BullQueue;
}

export function openQueues(connection: IORedis, prefix: string): BullQueues {
  return { imports: new Queue(IMPORTS_QUEUE, { connection, prefix }), analysis: new Queue(ANALYSIS_QUEUE, { connection, prefix }) };
}

/** Adds a job to its BullMQ queue with the options above. */
export async function addJob<N extends JobName>(queues: BullQueues, name: N, data: JobPayloads[N], debounceMs: number, alertBackoffMs?: number): Promise<void> {
  await queues[queueFor(name)].add(name, data, jobOptions(name, data, debounceMs, alertBackoffMs));
}

/** Milliseconds from `now` to the next `hour`:00 (server time): 02:00 for the nightly analysis, 07:00 for the daily alerts. */
export function msUntilNightly(now: Date, hour = 2): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/** The queue cannot take a job now (Redis unreachable): the caller keeps what it has and says so (HTTP 503). */
export class QueueUnavailable extends Error {
  readonly code = 'QUEUE_UNAVAILABLE';
}

/** How long an enqueue waits for Redis to answer. */
const ENQUEUE_TIMEOUT_MS = 5000;

export abstract class JobQueue {
  abstract readonly mode: 'bullmq' | 'in-process';
  abstract enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void>;
  /** Resolves when nothing is queued or running (in-process only; tests and the CLI use it). */
  abstract idle(): Promise<void>;
  abstract close(): Promise<void>;
}

export function redisConnection(url: string): IORedis {
  // BullMQ workers need maxRetriesPerRequest: null to block on Redis safely.
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export class BullmqJobQueue extends JobQueue {
  readonly mode = 'bullmq' as const;
  private readonly queues: BullQueues;
  private readonly connection: IORedis;

  constructor(redisUrl: string, prefix: string, private readonly debounceMs = 60_000, private readonly alertBackoffMs: number = ALERT_RETRY.backoffMs) {
    super();
    this.connection = redisConnection(redisUrl);
    this.queues = openQueues(this.connection, prefix);
  }

  /**
   * Adds a job, or throws QueueUnavailable at once when Redis has gone away (ioredis would
   * otherwise hold the request until Redis came back) or after ENQUEUE_TIMEOUT_MS without an answer.
   */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void> {
    // Reconnecting (or closed): Redis went away or never answered. While the first connection is still being made, the add waits for it (bounded).
    if (['reconnecting', 'end', 'close'].includes(this.connection.status)) throw new QueueUnavailable(`the job queue (Redis) is not connected (${this.connection.status})`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        addJob(this.queues, name, data, this.debounceMs, this.alertBackoffMs),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new QueueUnavailable('the job queue (Redis) did not answer in time')), ENQUEUE_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs waiting, delayed or running on both queues (tests and health use it). */
  async counts(): Promise<Record<string, number>> {
    const states = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
    const [a, b] = await Promise.all([this.queues.imports.getJobCounts(...states), this.queues.analysis.getJobCounts(...states)]);
    return Object.fromEntries(states.map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));
  }

  /** The BullMQ queue itself (tests read jobs and workers from it). */
  queue(name: 'imports' | 'analysis'): BullQueue {
    return this.queues[name];
  }

  /** Whether Redis answers, within a second (false at once while it is not connected). */
  async ping(): Promise<boolean> {
    if (['reconnecting', 'end', 'close'].includes(this.connection.status)) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return (await Promise.race([this.connection.ping(), new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), 1000)))])) === 'PONG';
    } finally {
      clearTimeout(timer);
    }
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.counts();
      if (counts.waiting + counts.active + counts.delayed === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.queues.imports.close(), this.queues.analysis.close()]);
    this.connection.disconnect();
  }
}

/**
 * The embedded default: the same dispatcher, run in this process, with the same
 * idempotent ids and retry-with-backoff as the BullMQ path.
 */
export class InProcessJobQueue extends JobQueue {
  readonly mode = 'in-process' as const;
  private readonly waiting = new Map<string, Promise<void>>();
  private readonly active = new Set<Promise<void>>();
  private readonly logger = new Logger('InProcessJobQueue');

  private nightly: NodeJS.Timeout | null = null;
  /** Jobs waiting out a delay (the analysis's debounce): cancelled, not waited for, on shutdown. */
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; release: (run: boolean) => void }>();
  private closing = false;
  /** What is running now, for the shutdown message. */
  private readonly running = new Map<string, string>();
  /** Analysis runs started (tests check that a burst of imports causes one). */
  analysisRuns = 0;
  private analysisRunning: Promise<void> = Promise.resolve();

  constructor(private readonly dispatcher: JobDispatcher, private readonly backoffMs: number = RETRY.backoffMs, private readonly debounceMs = 60_000, nightly = false) {
    super();
    dispatcher.onFollowUp((name, data) => this.enqueue(name, data));
    if (nightly) this.scheduleNightly();
  }

  private dailyAlerts: NodeJS.Timeout | null = null;

  private scheduleNightly(): void {
    this.nightly = setTimeout(() => {
      void this.enqueue('analysis', { trigger: 'nightly' });
      this.scheduleNightly();
    }, msUntilNightly(new Date()));
    this.nightly.unref();
    this.dailyAlerts ??= this.scheduleAlerts();
  }

  private scheduleAlerts(): NodeJS.Timeout {
    const timer = setTimeout(() => {
      void this.enqueue('alerts-daily', {});
      this.dailyAlerts = this.scheduleAlerts();
    }, msUntilNightly(new Date(), 7));
    timer.unref();
    return timer;
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void> {
    if (this.closing) return;
    const id = jobIdFor(name, data);
    // An import is queued once while it waits or runs; the analysis once while it waits.
    if (this.waiting.has(id)) return;
    const delay = name === 'analysis' ? this.debounceMs : 0;
    const work = (async () => {
      const go = await new Promise<boolean>((release) => {
        const timer = setTimeout(() => release(true), delay);
        this.delayed.set(id, { timer, release });
      });
      this.delayed.delete(id);
      if (!go) return;
      if (name === 'analysis') {
        this.waiting.delete(id); // an import finishing during this run queues the next one
        // ...which starts when this one has finished: one analysis at a time, as with BullMQ.
        const previous = this.analysisRunning;
        const run = previous.then(() => {
          this.analysisRuns++;
          return this.attempt(name, data, id);
        });
        this.analysisRunning = run;
        await run;
        return;
      }
      await this.attempt(name, data, id);
    })();
    this.waiting.set(id, work);
    const tracked: Promise<void> = work.finally(() => {
      if (this.waiting.get(id) === work) this.waiting.delete(id);
      this.active.delete(tracked);
    });
    this.active.add(tracked);
  }

  private async attempt<N extends JobName>(name: N, data: JobPayloads[N], id: string): Promise<void> {
    await new Promise((r) => setImmediate(r));
    for (let attempt = 1; attempt <= RETRY.attempts; attempt++) {
      try {
        this.running.set(id, name === 'import' ? `the import ${(data as JobPayloads['import']).importId}` : name === 'analysis' ? 'the analysis' : `the ${name} job`);
        await this.dispatcher.dispatch(name, data);
        return;
      } catch (e) {
        const final = e instanceof PermanentJobError || attempt === RETRY.attempts;
        this.logger.error({ msg: 'job failed', jobId: id, attempt, final, err: (e as Error).message });
        if (final || this.closing) return;
        await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      } finally {
        this.running.delete(id);
      }
    }
  }

  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /**
   * Shutting down: nothing new starts, a job still waiting out its delay (the analysis after an
   * upload) is dropped (the next start runs it: see `QueueModule`), and a job in hand is finished,
   * saying which.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.nightly) clearTimeout(this.nightly);
    if (this.dailyAlerts) clearTimeout(this.dailyAlerts);
    const dropped = [...this.delayed.keys()];
    for (const { timer, release } of this.delayed.values()) {
      clearTimeout(timer);
      release(false);
    }
    if (dropped.length) this.logger.log({ msg: `shutting down: ${dropped.length === 1 ? 'a queued job was' : `${dropped.length} queued jobs were`} not started (the analysis runs at the next start)`, jobs: dropped });
    if (this.running.size) this.logger.log({ msg: `shutting down: waiting for ${[...this.running.values()].join(', ')} to finish` });
    await this.idle();
  }
}
