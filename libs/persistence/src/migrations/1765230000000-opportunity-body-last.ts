import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite only: the opportunities table made again with `body` as its last column. SQLite stores a row's
 * columns in order and a large value spills into a chain of overflow pages, so every column after
 * `body` (score, status, the list's `summary`, …) was read by walking the whole body: a national
 * finding's body is 4 MB, and a page of the list took 0.5 s reading 47 of them. PostgreSQL keeps large
 * values out of line (TOAST) and needs nothing. Columns added later go after `body` again: keep
 * anything a list reads out of that table's large values (see BENCHMARKS.md, bench:api).
 */
export class OpportunityBodyLast1765230000000 implements MigrationInterface {
  name = 'OpportunityBodyLast1765230000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    const [table] = (await q.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'opportunities'")) as { sql: string }[];
    const indexes = (await q.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opportunities' AND sql IS NOT NULL")) as { sql: string }[];
    const columns = ((await q.query('PRAGMA table_info(opportunities)')) as { name: string }[]).map((c) => c.name);
    // The column definitions as the schema has them, `body`'s moved to the end.
    const open = table.sql.indexOf('(');
    const definitions = splitDefinitions(table.sql.slice(open + 1, table.sql.lastIndexOf(')')));
    const isBody = (d: string) => /^"?body"?\s/.test(d.trim());
    const reordered = [...definitions.filter((d) => !isBody(d)), ...definitions.filter(isBody)];
    const order = [...columns.filter((c) => c !== 'body'), 'body'].map((c) => `"${c}"`).join(', ');
    await q.query(`CREATE TABLE "opportunities_body_last" (${reordered.map((d) => d.trim()).join(', ')})`);
    await q.query(`INSERT INTO "opportunities_body_last" (${order}) SELECT ${order} FROM "opportunities"`);
    await q.query('DROP TABLE "opportunities"');
    await q.query('ALTER TABLE "opportunities_body_last" RENAME TO "opportunities"');
    for (const { sql } of indexes) await q.query(sql);
  }

  async down(): Promise<void> {
    // The column order is storage only: nothing to undo.
  }
}

/** Top-level comma-separated parts of a CREATE TABLE body (commas inside parentheses stay). */
function splitDefinitions(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
