import { IMPORT_MODES } from '@app/persistence';
import type { ImportMode, ModeRule } from '@app/persistence';

/** The single council's register, asked for only when the rule needs it. */
export interface RegisterBeforeImport {
  /** Contracts of the council the file stores. */
  stored: number;
  /** The council's current contracts before this import. */
  current: number;
  /** Of those, how many a full import would retire (their reference is not in the file, or they have none). */
  wouldRetire: number;
}

export interface ModeQuestion {
  /** What the upload asked for, if anything. */
  requested: ImportMode | null;
  /** Councils the file stores contracts for. */
  councils: readonly string[];
  /** Rows rejected because they name a buyer that is not (or not only) the file's council. */
  otherBuyerRows: number;
  /** A few of them, as "row 12: NHS Highland", for the reason. */
  otherBuyerExamples?: readonly string[];
  /** The one council's register (needed when no mode was given and the file holds one council). */
  register?: RegisterBeforeImport;
}

export interface ModeDecision {
  mode: ImportMode;
  rule: ModeRule;
  reason: string;
}

/** "full" or "update" from a form field or flag (any case, trimmed); null when absent, undefined when not a mode. */
export function parseImportMode(raw: unknown): ImportMode | null | undefined {
  if (raw === undefined || raw === null) return null;
  const text = String(raw).trim().toLowerCase();
  if (text === '') return null;
  return (IMPORT_MODES as readonly string[]).includes(text) ? (text as ImportMode) : undefined;
}

/** Whether the rule needs the single council's register counts to decide. */
export function needsRegisterSize(q: Omit<ModeQuestion, 'register'>): boolean {
  return q.requested === null && q.councils.length === 1 && q.otherBuyerRows === 0;
}

function list(codes: readonly string[], max = 5): string {
  return codes.length <= max ? codes.join(', ') : `${codes.slice(0, max).join(', ')} and ${codes.length - max} more`;
}

/**
 * The mode an import runs in. When the upload says, that; when it does not, `update` unless the
 * file is plainly one council's whole register:
 * 1. a file holding contracts of several councils is an update for each of them;
 * 2. so is a file with rows naming other buyers (a notice feed or a file of several buyers);
 * 3. one council's rows are its full register, unless they look partial: a full import would
 *    retire more than half of the council's current contracts while the file holds fewer than
 *    half as many of its contracts as it has current ones (a feed of three notices, say).
 * Choosing `update` when in doubt never retires anything; the reason says how to ask for `full`.
 *
 * Example: `chooseImportMode({ requested: null, councils: ['S12000047'], otherBuyerRows: 0,
 * register: { stored: 3, current: 146, wouldRetire: 143 } })` is `update` by `looks-partial`.
 */
export function chooseImportMode(q: ModeQuestion): ModeDecision {
  const councils = [...q.councils].sort();
  const named = councils.length === 1 ? councils[0] : `${councils.length} councils (${list(councils)})`;
  if (q.requested === 'full') {
    return {
      mode: 'full', rule: 'requested',
      reason: councils.length === 0
        ? 'full, as the upload asked; no contracts were stored, so nothing was replaced'
        : `full, as the upload asked: this file is the whole register of ${named}; their contracts not in it are retired (kept in the history, no longer current)`,
    };
  }
  if (q.requested === 'update') {
    return { mode: 'update', rule: 'requested', reason: 'update, as the upload asked: contracts are added or updated by reference and nothing is retired' };
  }
  const ask = 'upload it with mode "full" if it is the whole register';
  if (councils.length === 0) {
    return { mode: 'update', rule: 'no-contracts', reason: 'no mode given and no contracts were stored, so nothing was replaced or retired' };
  }
  if (councils.length > 1) {
    return {
      mode: 'update', rule: 'several-councils',
      reason: `no mode given and the file holds contracts of ${named}: a file of several councils updates each of them by reference and retires nothing; upload it with mode "full" to replace all of their registers`,
    };
  }
  if (q.otherBuyerRows > 0) {
    const examples = q.otherBuyerExamples?.length ? ` (${q.otherBuyerExamples.join('; ')})` : '';
    return {
      mode: 'update', rule: 'other-buyers',
      reason: `no mode given and ${q.otherBuyerRows} row(s) name a buyer other than ${named}${examples}: a file of several buyers updates ${named} by reference and retires nothing; ${ask}`,
    };
  }
  const r = q.register;
  if (r && r.current > 0 && r.wouldRetire * 2 > r.current && r.stored * 2 < r.current) {
    return {
      mode: 'update', rule: 'looks-partial',
      reason: `no mode given; as a full register this file would retire ${r.wouldRetire} of ${named}'s ${r.current} current contracts while holding only ${r.stored} of its contracts, so it was imported as an update and nothing was retired; ${ask}`,
    };
  }
  return {
    mode: 'full', rule: 'single-council',
    reason: `no mode given and every contract in the file is ${named}'s: it replaces ${named}'s register; contracts not in it are retired (kept in the history, no longer current); upload with mode "update" to add or update only`,
  };
}
