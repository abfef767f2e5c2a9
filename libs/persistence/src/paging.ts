/** Rows a list gives when the client names no limit, and the most it may ask for. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** The sort key values of the last row a page gave, and its id: where the next page starts. */
export interface CursorPosition<Id extends number | string = number> {
  /** The sort the cursor belongs to: a cursor from one order cannot continue another. */
  sort: string;
  keys: (string | number)[];
  id: Id;
}

/** One page of a keyset-paged list; `next` is null on the last page. */
export interface KeysetPage<T> {
  items: T[];
  next: string | null;
  total: number;
}

export class CursorError extends Error {}

/**
 * Cursors are opaque to clients: base64url of the last row's sort keys and id.
 * `encodeCursor({ sort: 'endDate', keys: ['2027-03-31'], id: 42 })` → `eyJzIjoi…`.
 */
export function encodeCursor(p: CursorPosition<number | string>): string {
  return Buffer.from(JSON.stringify({ s: p.sort, k: p.keys, i: p.id }), 'utf8').toString('base64url');
}

const isRowId = (id: unknown): id is number => Number.isSafeInteger(id);

/**
 * Reads a cursor back, refusing one that was not made for this sort (or was cut short or edited).
 * Rows are identified by integer ids unless `isId` says otherwise (opportunities: a hex hash).
 */
export function decodeCursor(text: string, sort: string, keyCount: number): CursorPosition;
export function decodeCursor<Id extends string>(text: string, sort: string, keyCount: number, isId: (id: unknown) => id is Id): CursorPosition<Id>;
export function decodeCursor(text: string, sort: string, keyCount: number, isId: (id: unknown) => boolean = isRowId): CursorPosition<number | string> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor: not a cursor this register gave (it may have been cut short)');
  }
  const r = raw as { s?: unknown; k?: unknown; i?: unknown };
  const keys = Array.isArray(r.k) ? r.k : [];
  if (r.s !== sort) throw new CursorError(`cursor: it continues the "${String(r.s)}" order, not "${sort}"; start again without a cursor`);
  if (keys.length !== keyCount || !keys.every((k) => typeof k === 'string' || typeof k === 'number') || !isId(r.i)) {
    throw new CursorError('cursor: not a cursor this register gave (it may have been cut short)');
  }
  return { sort, keys: keys as (string | number)[], id: r.i as number | string };
}

/** A limit asked for, held to the bounds every list shares. */
export function pageLimit(asked: number | undefined): number {
  if (asked === undefined || !Number.isFinite(asked)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(asked)));
}

/**
 * The keyset condition "after this row" for an order in which every key runs the same way
 * (id last, in the same direction): a row value comparison, which both SQLite and PostgreSQL
 * answer from an index on the same columns.
 */
export function afterCondition(columns: string[], direction: 'ASC' | 'DESC'): string {
  return `(${columns.join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${columns.map(() => '?').join(', ')})`;
}
