/**
 * PostgreSQL's COPY text format: one line per row, fields separated by tabs, NULL as `\N`, and a
 * backslash, tab, newline or carriage return inside a value escaped with a backslash (see
 * https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"). Values are written as
 * `pg` writes bound parameters (numbers with String(), booleans as t/f), so COPY stores exactly
 * what a multi-row INSERT of the same values would.
 *
 * copyField('Lot 1\tICT\\n') === 'Lot 1\\tICT\\\\n'; copyField(null) === '\\N'
 */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPED, escape) : s;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const escape = (c: string): string => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');

/**
 * Rows flattened `width` values at a time (as a RowBatch holds them) as COPY text lines, each
 * starting with `prefix` (fields every row shares, already in COPY text, tab-terminated).
 */
export function copyLines(values: readonly unknown[], width: number, prefix = ''): string {
  let out = '';
  for (let i = 0; i < values.length; i += width) {
    let line = prefix;
    for (let j = 0; j < width; j++) line += (j === 0 ? '' : '\t') + copyField(values[i + j]);
    out += line + '\n';
  }
  return out;
}
