import { toUkDate } from '@app/ingest';

/** Helpers every page controller shares: money and dates as a person reads them, query strings, cursors, escaping. */
export const money = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `£${Math.round(n).toLocaleString('en-GB')}`);
export const uk = (d: string | null | undefined) => (d ? toUkDate(d) : '–');
/** JSON for a `<script type="application/json">` block: nothing in it can close the tag. */
export const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
/** A form or query value as trimmed text ('' for anything else). */
export const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A query string of the non-empty text values. */
export function query(q: Record<string, unknown>): string {
  return new URLSearchParams(Object.entries(q).filter(([, v]) => typeof v === 'string' && v !== '') as [string, string][]).toString();
}

/** A cursor from the query string; anything else is ignored (the first page). */
export function pageCursor(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,2000}$/.test(v) ? v : undefined;
}
