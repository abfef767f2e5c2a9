export type Dialect = 'sqlite' | 'postgres';

/** Writes `?` placeholders as PostgreSQL's `$1, $2…` where needed. */
export function placeholders(dialect: Dialect, sql: string): string {
  if (dialect === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
