/** "Now" as an ISO timestamp: injected, so tests and the CLI can fix the time. */
export type Clock = () => string;

/** The Nest token for the clock. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = () => new Date().toISOString();
