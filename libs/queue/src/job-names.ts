export const IMPORTS_QUEUE = 'imports';

export interface JobPayloads {
  import: { importId: string };
}
export type JobName = keyof JobPayloads;

/** Deterministic job ids make enqueueing idempotent: the same import is queued once. */
export function jobIdFor<N extends JobName>(name: N, data: JobPayloads[N]): string {
  return `${name}-${data.importId}`;
}

/** A failure that retrying cannot fix (the job's input is wrong). */
export class PermanentJobError extends Error {}
