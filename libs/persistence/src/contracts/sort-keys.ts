/** A filter value or stored value folded for matching: `" Revenues & Benefits "` → `"revenues & benefits"`. */
export function foldKey(value: string | null | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v ? v.slice(0, 200) : null;
}

/**
 * The supplier sort key: accents and case folded to plain ASCII, so SQLite and PostgreSQL (whatever
 * its collation) order suppliers alike; none sorts last. `"Écosse Ltd"` → `"ecosse ltd"`.
 */
export function supplierSortKey(name: string | null | undefined): string {
  const ascii = (name ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\x20-\x7d]/g, '').trim();
  return ascii ? ascii.slice(0, 200) : '~';
}
