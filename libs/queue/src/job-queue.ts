import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { IMPORTS_QUEUE, jobIdFor, JobName, JobPayloads, PermanentJobError } from './job-names';
import { JobDispatcher } from './job-dispatcher';

export const RETRY = { attempts: 5, backoffMs: 2000 } as const;

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
  private readonly queue: Queue;
  private readonly connection: IORedis;

  constructor(redisUrl: string, prefix: string) {
    super();
    this.connection = redisConnection(redisUrl);
    this.queue = new Queue(IMPORTS_QUEUE, { connection: this.connection, prefix });
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void> {
    await this.queue.add(name, data, {
      jobId: jobIdFor(name, data),
      attempts: RETRY.attempts,
      backoff: { type: 'exponential', delay: RETRY.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    });
  }

  async ping(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed');
      if (counts.waiting + counts.active + counts.delayed === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

/**
 * The embedded default: the same dispatcher, run in this process, with the same
 * idempotent ids and retry-with-backoff as the BullMQ path.
 */
export class InProcessJobQueue extends JobQueue {
  readonly mode = 'in-process' as const;
  private readonly running = new Map<string, Promise<void>>();
  private readonly logger = new Logger('InProcessJobQueue');

  constructor(private readonly dispatcher: JobDispatcher, private readonly backoffMs = RETRY.backoffMs) {
    super();
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void> {
    const id = jobIdFor(name, data);
    if (this.running.has(id)) return;
    const work = this.attempt(name, data, id).finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  private async attempt<N extends JobName>(name: N, data: JobPayloads[N], id: string): Promise<void> {
    await new Promise((r) => setImmediate(r));
    for (let attempt = 1; attempt <= RETRY.attempts; attempt++) {
      try {
        await this.dispatcher.dispatch(name, data);
        return;
      } catch (e) {
        const final = e instanceof PermanentJobError || attempt === RETRY.attempts;
        this.logger.error({ msg: 'job failed', jobId: id, attempt, final, err: (e as Error).message });
        if (final) return;
        await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async close(): Promise<void> {
    await this.idle();
  }
}
