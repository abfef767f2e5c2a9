const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values every row of one import shares, written into the statement rather than bound per row. */
export function sharedValues(table: 'contracts' | 'import_issues', importId: string): Record<string, string> {
  // Only ever a UUID the register generated itself, so it is safe as a literal; checked all the same.
  if (!UUID.test(importId)) throw new Error(`import id ${JSON.stringify(importId)} is not a UUID`);
  return table === 'contracts' ? { import_id: `'${importId}'`, is_current: 'TRUE' } : { import_id: `'${importId}'` };
}

export function multiInsert(table: 'contracts' | 'import_issues', importId: string, columns: readonly string[], rows: number): string {
  const shared = sharedValues(table, importId);
  const names = [...Object.keys(shared), ...columns];
  const tuple = `(${[...Object.values(shared), ...columns.map(() => '?')].join(', ')})`;
  return `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}
