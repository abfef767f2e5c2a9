import type { ImportMode } from '@app/persistence';
import type { PartJob } from '@app/analysis';

export const IMPORTS_QUEUE = 'imports';
/**
 * The opportunity analysis has a queue of its own, run one job at a time across every worker
 * (BullMQ global concurrency 1): it reads every council's contracts and replaces the stored findings.
 */
export const ANALYSIS_QUEUE = 'analysis';

/** The queue a job goes on. */
export function queueFor(name: JobName): typeof IMPORTS_QUEUE | typeof ANALYSIS_QUEUE {
  return name === 'analysis' ? ANALYSIS_QUEUE : IMPORTS_QUEUE;
}

export interface JobPayloads {
  /** `mode`: full register or update; absent, what the upload asked for (kept with the import), else the rule decides. */
  import: { importId: string; mode?: ImportMode };
  /** The opportunity analysis; `today` (YYYY-MM-DD) replays a given day, else the clock's. */
  analysis: { trigger: string; today?: string };
  /** The daily alert run: fans out one `alerts-council` job per council. `today` replays a given day. */
  'alerts-daily': { today?: string };
  /** One council's alerts for one day. */
  'alerts-council': { council: string; today: string };
  /** One part of an analysis spread over the workers (ANALYSIS_WORKER_PARTS): on the imports queue, so every worker may take one. */
  'analysis-part': PartJob;
}
export type JobName = keyof JobPayloads;

/** The analysis's key while it waits (in-process: its id; BullMQ: its deduplication id): ten uploads in a minute queue it once. */
export const ANALYSIS_JOB_ID = 'analysis';

/** Deterministic job ids make enqueueing idempotent: the same import is queued once. */
export function jobIdFor<N extends JobName>(name: N, data: JobPayloads[N]): string {
  if (name === 'analysis') return ANALYSIS_JOB_ID;
  if (name === 'alerts-daily') return `alerts-daily-${(data as JobPayloads['alerts-daily']).today ?? 'scheduled'}`;
  // One job per council per day: two workers running the daily job queue each council's run once.
  if (name === 'alerts-council') return `alerts-${(data as JobPayloads['alerts-council']).today}-${(data as JobPayloads['alerts-council']).council}`;
  // One job per part of a run: a part queued again while it waits or runs is the same job.
  if (name === 'analysis-part') return `analysis-part-${(data as PartJob).token}-${(data as PartJob).part}`;
  return `${name}-${(data as JobPayloads['import']).importId}`;
}

/** A failure that retrying cannot fix (the job's input is wrong). */
export class PermanentJobError extends Error {}
