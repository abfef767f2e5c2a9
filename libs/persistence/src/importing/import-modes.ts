/**
 * How an upload treats the councils it holds contracts for:
 * - `full`: the file is the council's whole register. Its contracts replace the council's current
 *   ones (linked by reference); stored contracts whose reference is not in the file are retired
 *   (kept in the history, no longer current) and listed in the report.
 * - `update`: the file holds some of the council's contracts. Its contracts are added, or replace
 *   the stored contract with the same reference; nothing is retired.
 */
export type ImportMode = 'full' | 'update';

export const IMPORT_MODES: readonly ImportMode[] = ['full', 'update'];

/** Which part of the rule chose the mode (for scripts; `modeReason` says it in words). */
export type ModeRule =
  /** The upload said which (form field `mode`, `--mode`, or the job's `mode`). */
  | 'requested'
  /** No mode given; one council's rows only, and the file does not look partial. */
  | 'single-council'
  /** No mode given; the file holds contracts of several councils. */
  | 'several-councils'
  /** No mode given; some rows name buyers other than the council the contracts were stored for. */
  | 'other-buyers'
  /** No mode given; as a full register the file would retire most of the council's register. */
  | 'looks-partial'
  /** No contracts were stored, so there was nothing to replace. */
  | 'no-contracts'
  /** Imported before uploads had a mode: every import then replaced the council's register. */
  | 'before-modes';
