import { DataSource, EntityManager } from 'typeorm';
import { SupplierCluster, SupplierDecision, SupplierObservation, SupplierRelationship, SupplierSuggestion } from '@app/suppliers';
import { CouncilScope } from '../council-scope';
import { supplierSortKey } from '../contracts/sort-keys';
import { afterCondition, CursorPosition, decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';
import { TotalsCache } from '../totals-cache';

export interface SupplierVariantView {
  name: string;
  rule: string;
  score: number;
}

export interface SupplierView {
  id: number;
  name: string;
  nameSource: string;
  companyNumber: string | null;
  group: string | null;
  reseller: boolean;
  variants: SupplierVariantView[];
  /** GSS codes of the councils with current contracts from this supplier (in the reader's scope). */
  councils: string[];
  contracts: number;
  /** Current annual value of those contracts (£ a year; contracts with no value count nothing). */
  annualValue: number;
}

export interface SuggestionView {
  id: number;
  a: { supplierId: number | null; name: string };
  b: { supplierId: number | null; name: string };
  score: number;
  rule: string;
  /** Current annual value of the contracts under either name: what the decision affects (the queue's order). */
  annualValueAffected: number;
}

export interface DecisionRecord {
  id: number;
  kind: SupplierDecision['kind'];
  nameA: string | null;
  nameB: string | null;
  names: string[];
  newName: string | null;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface RefreshInputs {
  observations: SupplierObservation[];
  relationships: SupplierRelationship[];
  decisions: DecisionRecord[];
  previous: Map<string, number>;
}

/** A cluster with the id it keeps (null: a new supplier). */
export interface NumberedCluster {
  id: number | null;
  cluster: SupplierCluster;
}

type Row = Record<string, unknown>;

function decisionOf(r: Row): DecisionRecord {
  return {
    id: Number(r.id), kind: r.kind as SupplierDecision['kind'], nameA: (r.name_a as string) ?? null, nameB: (r.name_b as string) ?? null,
    names: r.names ? (JSON.parse(r.names as string) as string[]) : [], newName: (r.new_name as string) ?? null,
    reason: r.reason as string, decidedBy: r.decided_by as string, decidedAt: r.decided_at as string,
  };
}

/** Where a page starts: the cursor the last page gave (null or absent: the first page). */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

/** Names per statement when contracts are re-pointed at their supplier after a refresh. */
const REPOINT_BATCH = 300;

/** Canonical suppliers, their variants, suggestions, the review ledger and the known relationships. */
export class SuppliersRepository {
  private readonly dialect: Dialect;
  private readonly totals: TotalsCache;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.totals = new TotalsCache(dataSource, gate);
  }

  private q<T = Row>(sql: string, params: unknown[] = [], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.dataSource).query(placeholders(this.dialect, sql), params);
  }

  async observations(m?: EntityManager): Promise<SupplierObservation[]> {
    const rows = await this.q<{ name: string; company_number: string | null; uses: number }>('SELECT name, company_number, uses FROM supplier_names', [], m);
    return rows.map((r) => ({ name: r.name, companyNumber: r.company_number, count: Number(r.uses) }));
  }

  async relationships(m?: EntityManager): Promise<(SupplierRelationship & { id: number; source: string | null; addedBy: string })[]> {
    const rows = await this.q<Row>('SELECT id, kind, name, target, company_number, source, added_by FROM supplier_relationships ORDER BY id', [], m);
    return rows.map((r) => ({
      id: Number(r.id), kind: r.kind as SupplierRelationship['kind'], name: r.name as string, target: (r.target as string) ?? null,
      companyNumber: (r.company_number as string) ?? null, source: (r.source as string) ?? null, addedBy: r.added_by as string,
    }));
  }

  /** Adds the shipped facts that are not there yet; facts an analyst changed are left alone. */
  /** Adds the shipped relationships not yet stored (analysts' own are never overwritten); writes nothing when none are new. */
  async seedRelationships(facts: (SupplierRelationship & { source: string })[]): Promise<void> {
    const stored = new Set((await this.q<Row>('SELECT kind, name FROM supplier_relationships')).map((r) => `${r.kind}\u0000${r.name}`));
    const missing = facts.filter((f) => !stored.has(`${f.kind}\u0000${f.name}`));
    if (missing.length === 0) return;
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      for (const f of missing) {
        await this.q(
          'INSERT INTO supplier_relationships (kind, name, target, company_number, source, added_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO NOTHING',
          [f.kind, f.name, f.target, f.companyNumber ?? null, f.source, 'data/suppliers/supplier-relationships.csv'], m,
        );
      }
    }));
  }

  async addRelationship(f: SupplierRelationship & { source: string }, addedBy: string): Promise<void> {
    await this.gate.run(() => this.q(
      `INSERT INTO supplier_relationships (kind, name, target, company_number, source, added_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, name) DO UPDATE SET target = excluded.target, company_number = excluded.company_number, source = excluded.source, added_by = excluded.added_by`,
      [f.kind, f.name, f.target, f.companyNumber ?? null, f.source, addedBy],
    ));
  }

  async decisions(m?: EntityManager): Promise<DecisionRecord[]> {
    const rows = await this.q<Row>('SELECT id, kind, name_a, name_b, names, new_name, reason, decided_by, decided_at FROM supplier_decisions ORDER BY id', [], m);
    return rows.map(decisionOf);
  }

  /** The review ledger in the order decisions were made, a page at a time. */
  async decisionsPage(request: PageRequest): Promise<KeysetPage<DecisionRecord>> {
    const total = Number((await this.q<{ n: number }>('SELECT COUNT(*) AS n FROM supplier_decisions'))[0].n);
    const after = request.cursor ? decodeCursor(request.cursor, 'id', 0).id : 0;
    const rows = await this.q<Row>('SELECT id, kind, name_a, name_b, names, new_name, reason, decided_by, decided_at FROM supplier_decisions WHERE id > ? ORDER BY id LIMIT ?', [after, request.limit + 1]);
    const items = rows.slice(0, request.limit).map(decisionOf);
    const last = items[items.length - 1];
    return { items, total, next: rows.length > request.limit && last ? encodeCursor({ sort: 'id', keys: [], id: last.id }) : null };
  }

  async addDecision(d: Omit<DecisionRecord, 'id'>): Promise<void> {
    await this.gate.run(() => this.q(
      'INSERT INTO supplier_decisions (kind, name_a, name_b, names, new_name, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [d.kind, d.nameA, d.nameB, JSON.stringify(d.names), d.newName, d.reason, d.decidedBy, d.decidedAt],
    ));
  }

  /** Which supplier each name as written belonged to after the last refresh. */
  async previousAssignments(m?: EntityManager): Promise<Map<string, number>> {
    const rows = await this.q<{ name: string; supplier_id: number }>('SELECT name, supplier_id FROM supplier_variants', [], m);
    return new Map(rows.map((r) => [r.name, Number(r.supplier_id)]));
  }

  /**
   * Reads what a re-clustering needs and writes its result in one transaction, one refresh at a
   * time across processes (an advisory lock on PostgreSQL; SQLite has one writer anyway).
   */
  async refresh(compute: (inputs: RefreshInputs) => { numbered: NumberedCluster[]; suggestions: SupplierSuggestion[] }, now: string): Promise<{ numbered: NumberedCluster[]; suggestions: SupplierSuggestion[]; names: number }> {
    return this.gate.run(() => this.dataSource.transaction(async (m) => {
      if (this.dialect === 'postgres') await m.query("SELECT pg_advisory_xact_lock(hashtext('supplier-refresh'))");
      else await m.query("UPDATE suppliers SET updated_at = updated_at WHERE id = -1"); // takes SQLite's write lock before reading
      const inputs = { observations: await this.observations(m), relationships: await this.relationships(m), decisions: await this.decisions(m), previous: await this.previousAssignments(m) };
      const previousNames = new Map((await this.q<{ id: number; name: string }>('SELECT id, name FROM suppliers', [], m)).map((r) => [Number(r.id), r.name]));
      const result = compute(inputs);
      // Repointing contracts updates rows across every council while imports write theirs: two such
      // transactions deadlocked and PostgreSQL aborted one (an import, then started again). Taken
      // here, after the compute, the table lock waits for imports in flight to commit and holds
      // new writers back until this commit; readers are not blocked.
      if (this.dialect === 'postgres') await m.query('LOCK TABLE contracts IN SHARE ROW EXCLUSIVE MODE');
      const ids = await this.writeClustering(m, result.numbered, result.suggestions, now);
      await this.repointContracts(m, result.numbered, ids, inputs.previous, previousNames);
      return { ...result, names: inputs.observations.length };
    }));
  }

  /** Writes the clustering; gives the id each cluster ended with (new ones included), in order. */
  private async writeClustering(m: EntityManager, numbered: NumberedCluster[], suggestions: SupplierSuggestion[], now: string): Promise<number[]> {
    const ids: number[] = [];
    {
      const kept = numbered.filter((n) => n.id !== null).map((n) => n.id as number);
      const existing = (await this.q<{ id: number }>('SELECT id FROM suppliers', [], m)).map((r) => Number(r.id));
      const keep = new Set(kept);
      for (const id of existing) if (!keep.has(id)) await this.q('DELETE FROM suppliers WHERE id = ?', [id], m);
      // Anchors may move between kept suppliers: clear them first so the unique index never sees a clash.
      await this.q("UPDATE suppliers SET anchor_key = '~' || CAST(id AS TEXT)", [], m);
      await this.q('DELETE FROM supplier_variants', [], m);
      await this.q('DELETE FROM supplier_suggestions', [], m);
      for (const n of numbered) {
        const c = n.cluster;
        // Booleans as 1/0, which both SQLite and PostgreSQL take for a boolean column.
        const values = [c.anchorKey, c.name, c.nameSource, c.companyNumber, c.group, c.reseller ? 1 : 0, now, c.groupId || null, c.groupName || null, c.groupSource];
        let id = n.id;
        if (id !== null) {
          await this.q('UPDATE suppliers SET anchor_key = ?, name = ?, name_source = ?, company_number = ?, group_name = ?, reseller = ?, updated_at = ?, group_id = ?, group_label = ?, group_source = ? WHERE id = ?', [...values, id], m);
        } else {
          const inserted = await this.q<{ id: number }>(
            'INSERT INTO suppliers (anchor_key, name, name_source, company_number, group_name, reseller, updated_at, group_id, group_label, group_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id', values, m,
          );
          id = Number(inserted[0].id);
        }
        ids.push(id);
        for (const v of c.members) {
          await this.q('INSERT INTO supplier_variants (name, name_key, supplier_id, rule, score) VALUES (?, ?, ?, ?, ?)', [v.name, v.key, id, v.rule, v.score], m);
        }
      }
      // The review queue's order (the money each decision affects) is stored with each suggestion, so it pages from an index.
      const money = await this.annualValueByName(m);
      for (const s of suggestions) {
        await this.q('INSERT INTO supplier_suggestions (name_a, name_b, key_a, key_b, score, rule, money) VALUES (?, ?, ?, ?, ?, ?, ?)', [s.a, s.b, s.keyA, s.keyB, s.score, s.rule, (money.get(s.a) ?? 0) + (s.a === s.b ? 0 : money.get(s.b) ?? 0)], m);
      }
    }
    return ids;
  }

  /** Current annual value of the contracts under each name as written (one pass over the contracts). */
  private async annualValueByName(m: EntityManager): Promise<Map<string, number>> {
    const rows = await this.q<{ supplier_name: string; total: number }>(
      'SELECT supplier_name, SUM(annual_value) AS total FROM contracts WHERE is_current = ? AND annual_value IS NOT NULL AND supplier_name IS NOT NULL GROUP BY supplier_name', [1], m,
    );
    return new Map(rows.map((r) => [r.supplier_name, Number(r.total)]));
  }

  /**
   * Points contracts at their canonical supplier as stored with them (what lists filter and sort
   * on), for the names whose supplier, or whose supplier's name, this refresh changed. Names no
   * longer in any supplier lose theirs.
   */
  private async repointContracts(m: EntityManager, numbered: NumberedCluster[], ids: number[], previous: Map<string, number>, previousNames: Map<number, string>): Promise<void> {
    const changed: [name: string, supplierId: number | null, sort: string][] = [];
    const seen = new Set<string>();
    numbered.forEach((n, i) => {
      const id = ids[i];
      for (const v of n.cluster.members) {
        seen.add(v.name);
        if (previous.get(v.name) !== id || previousNames.get(id) !== n.cluster.name) changed.push([v.name, id, supplierSortKey(n.cluster.name)]);
      }
    });
    for (const name of previous.keys()) if (!seen.has(name)) changed.push([name, null, supplierSortKey(name)]);
    for (let i = 0; i < changed.length; i += REPOINT_BATCH) {
      const chunk = changed.slice(i, i + REPOINT_BATCH);
      await this.q(
        `WITH v(name, supplier_id, supplier_sort) AS (VALUES ${chunk.map(() => '(CAST(? AS text), CAST(? AS integer), CAST(? AS text))').join(', ')})
         UPDATE contracts SET supplier_id = v.supplier_id, supplier_sort = v.supplier_sort FROM v WHERE contracts.supplier_name = v.name AND contracts.is_current = ?`,
        [...chunk.flat(), 1], m,
      );
    }
  }

  /** Every canonical supplier the scope may see (the CLI's full list), read a page at a time. */
  async list(scope: CouncilScope, filters: { name?: string } = {}): Promise<SupplierView[]> {
    const out: SupplierView[] = [];
    for (let cursor: string | null = null; ;) {
      const page: KeysetPage<SupplierView> = await this.page(scope, filters, { limit: 500, cursor }, false);
      out.push(...page.items);
      if (!page.next) return out;
      cursor = page.next;
    }
  }

  /**
   * Canonical suppliers by name (then id), a page at a time, with their variants, and the councils
   * and current contracts the scope may see. A council sees the suppliers it has contracts with.
   */
  async page(scope: CouncilScope, filters: { name?: string }, request: PageRequest, withTotal = true): Promise<KeysetPage<SupplierView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope.kind === 'council') {
      where.push('EXISTS (SELECT 1 FROM contracts c WHERE c.supplier_id = s.id AND c.is_current = ? AND c.council_code = ?)');
      params.push(1, scope.code);
    }
    if (filters.name) {
      const like = `%${filters.name.toLowerCase().replace(/[%_]/g, '')}%`;
      where.push('(LOWER(s.name) LIKE ? OR EXISTS (SELECT 1 FROM supplier_variants v WHERE v.supplier_id = s.id AND LOWER(v.name) LIKE ?))');
      params.push(like, like);
    }
    const count = async () => Number((await this.q<{ n: number }>(`SELECT COUNT(*) AS n FROM suppliers s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params))[0].n);
    const total = withTotal ? await this.totals.remember(JSON.stringify(['suppliers', scope, filters]), count) : -1;
    const at = request.cursor ? decodeCursor(request.cursor, 'name', 1) : null;
    if (at) {
      where.push(afterCondition(['s.name', 's.id'], 'ASC'));
      params.push(at.keys[0], at.id);
    }
    const rows = await this.q<Row>(
      `SELECT s.id, s.name, s.name_source, s.company_number, s.group_name, s.reseller FROM suppliers s ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.name, s.id LIMIT ?`,
      [...params, request.limit + 1],
    );
    const more = rows.length > request.limit;
    const items = await this.views(rows.slice(0, request.limit), scope);
    const last = items[items.length - 1];
    return { items, total, next: more && last ? encodeCursor({ sort: 'name', keys: [last.name], id: last.id }) : null };
  }

  /** Supplier rows with their variants and the councils and contract counts the scope may see. */
  private async views(rows: Row[], scope: CouncilScope): Promise<SupplierView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const marks = ids.map(() => '?').join(', ');
    const variants = await this.q<Row>(`SELECT name, supplier_id, rule, score FROM supplier_variants WHERE supplier_id IN (${marks}) ORDER BY name`, ids);
    // Counting a large supplier's contracts by council is most of a suppliers page's cost: kept while nothing is written.
    const usage = await this.totals.remember(JSON.stringify(['supplier usage', scope, ids]), () => this.q<Row>(
      `SELECT c.supplier_id, c.council_code, COUNT(*) AS n, SUM(c.annual_value) AS v FROM contracts c WHERE c.supplier_id IN (${marks}) AND c.is_current = ? ${scope.kind === 'council' ? 'AND c.council_code = ?' : ''}
        GROUP BY c.supplier_id, c.council_code`,
      scope.kind === 'council' ? [...ids, 1, scope.code] : [...ids, 1],
    ));
    const byId = new Map<number, SupplierView>();
    for (const s of rows) {
      byId.set(Number(s.id), {
        id: Number(s.id), name: s.name as string, nameSource: s.name_source as string, companyNumber: (s.company_number as string) ?? null,
        group: (s.group_name as string) ?? null, reseller: Boolean(s.reseller), variants: [], councils: [], contracts: 0, annualValue: 0,
      });
    }
    for (const v of variants) byId.get(Number(v.supplier_id))?.variants.push({ name: v.name as string, rule: v.rule as string, score: Number(v.score) });
    for (const u of usage) {
      const s = byId.get(Number(u.supplier_id));
      if (!s) continue;
      s.councils.push(u.council_code as string);
      s.contracts += Number(u.n);
      s.annualValue += u.v === null ? 0 : Number(u.v);
    }
    for (const s of byId.values()) s.annualValue = Math.round(s.annualValue * 100) / 100;
    for (const s of byId.values()) s.councils.sort();
    return [...byId.values()];
  }

  async findById(id: number): Promise<SupplierView | null> {
    const rows = await this.q<Row>('SELECT id, name, name_source, company_number, group_name, reseller FROM suppliers WHERE id = ?', [id]);
    return (await this.views(rows, { kind: 'all' }))[0] ?? null;
  }

  /** Every suggestion (the CLI's full list), read a page at a time. */
  async suggestions(): Promise<SuggestionView[]> {
    const out: SuggestionView[] = [];
    for (let cursor: string | null = null; ;) {
      const page: KeysetPage<SuggestionView> = await this.suggestionsPage({ limit: 1000, cursor }, false);
      out.push(...page.items);
      if (!page.next) return out;
      cursor = page.next;
    }
  }

  /**
   * The review queue a page at a time, ordered by the money each decision affects (the current
   * annual value of the contracts under either name, stored at the refresh), then score, then id.
   */
  async suggestionsPage(request: PageRequest, withTotal = true): Promise<KeysetPage<SuggestionView>> {
    const total = withTotal ? Number((await this.q<{ n: number }>('SELECT COUNT(*) AS n FROM supplier_suggestions'))[0].n) : -1;
    const at: CursorPosition | null = request.cursor ? decodeCursor(request.cursor, 'money', 2) : null;
    const rows = await this.q<Row>(
      `SELECT s.id, s.name_a, s.name_b, s.score, s.rule, s.money, va.supplier_id AS a_id, vb.supplier_id AS b_id
         FROM supplier_suggestions s LEFT JOIN supplier_variants va ON va.name = s.name_a LEFT JOIN supplier_variants vb ON vb.name = s.name_b
        ${at ? `WHERE ${afterCondition(['s.money', 's.score', 's.id'], 'DESC')}` : ''}
        ORDER BY s.money DESC, s.score DESC, s.id DESC LIMIT ?`,
      at ? [at.keys[0], at.keys[1], at.id, request.limit + 1] : [request.limit + 1],
    );
    const items = rows.slice(0, request.limit).map((r) => ({
      id: Number(r.id),
      a: { supplierId: r.a_id === null ? null : Number(r.a_id), name: r.name_a as string },
      b: { supplierId: r.b_id === null ? null : Number(r.b_id), name: r.name_b as string },
      score: Number(r.score), rule: r.rule as string, annualValueAffected: Number(r.money ?? 0),
    }));
    const last = items[items.length - 1];
    return { items, total, next: rows.length > request.limit && last ? encodeCursor({ sort: 'money', keys: [last.annualValueAffected, last.score], id: last.id }) : null };
  }

  /** The canonical supplier of each name as written (names with none are left out). */
  async forNames(names: string[]): Promise<Map<string, { id: number; name: string; group: string | null; groupId: string | null; groupName: string | null }>> {
    const out = new Map<string, { id: number; name: string; group: string | null; groupId: string | null; groupName: string | null }>();
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await this.q<Row>(
        `SELECT v.name AS variant, s.id, s.name, s.group_name, s.group_id, s.group_label FROM supplier_variants v JOIN suppliers s ON s.id = v.supplier_id WHERE v.name IN (${chunk.map(() => '?').join(', ')})`, chunk,
      );
      for (const r of rows) {
        out.set(r.variant as string, {
          id: Number(r.id), name: r.name as string, group: (r.group_name as string) ?? null,
          groupId: (r.group_id as string) ?? null, groupName: (r.group_label as string) ?? null,
        });
      }
    }
    return out;
  }
}
