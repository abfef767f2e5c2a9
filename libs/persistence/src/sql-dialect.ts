export type Dialect = 'sqlite' | 'postgres';

/** Writes `?` placeholders as PostgreSQL's `$1, $2…` where needed. */
export function placeholders(dialect: Dialect, sql: string): string {
  if (dialect === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A list cut into lists of at most `size` (rows of one statement). */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
