import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The scope of the fingerprint of everything but contracts (settings, today, suppliers, corrections, council names). */
export const GLOBAL_SCOPE = '*';
/** The scope of the classification data's version: when it changes, stored classifications are made again before reading. */
export const CATALOGUE_SCOPE = '*catalogue';

/** Fingerprints of what an analysis reads: one per council with current contracts, and one `*` for the rest. */
export interface InputFingerprints {
  /** Scope (council code or `*`) → fingerprint. */
  fingerprints: Map<string, string>;
  /** Current contracts per council. */
  contracts: Map<string, number>;
}

/** How this run's inputs differ from the last computed run's. */
export interface InputChanges {
  /** True when there is no stored run to compare with (the first run, or one before fingerprints were kept). */
  first: boolean;
  /** Settings, today, supplier directory, corrections or council names changed: every council's findings may. */
  global: boolean;
  /** The classification data changed since the last run: every stored classification is stale. */
  catalogue: boolean;
  /** Councils whose current contracts were added, re-imported or retired, in code order. */
  councils: string[];
  /** When the inputs last stored were recorded (the last run that computed). */
  since: string | null;
}

export const nothingChanged = (c: InputChanges): boolean => !c.first && !c.global && c.councils.length === 0;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Reads the fingerprints of the analysis inputs, cheaply: per council an aggregate of its current
 * contracts' ids (an import always writes new rows and retires old ones, so any re-import, update
 * or retirement changes count, largest id or id sum), read from the (is_current, council_code, …, id)
 * index; and one hash of the small tables the analysis also reads. A cross-council read, named as
 * such: it serves the analysis only.
 */
export class AnalysisInputs {
  constructor(private readonly dataSource: DataSource) {}

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** `settings`: whatever else decides the findings (today, window, cut rules, lead times, catalogue version). */
  async read(settings: unknown, catalogue?: string): Promise<InputFingerprints> {
    const fingerprints = new Map<string, string>();
    const contracts = new Map<string, number>();
    const current = this.postgres ? 'true' : '1';
    const rows = (await this.dataSource.query(
      `SELECT council_code, COUNT(*) AS n, MAX(id) AS max_id, SUM(id) AS sum_id FROM contracts WHERE is_current = ${current} GROUP BY council_code`,
    )) as { council_code: string; n: number | string; max_id: number | string; sum_id: number | string }[];
    for (const r of rows) {
      fingerprints.set(r.council_code, sha(`${Number(r.n)}|${String(r.max_id)}|${String(r.sum_id)}`));
      contracts.set(r.council_code, Number(r.n));
    }
    const tables = await Promise.all([
      this.dataSource.query('SELECT v.name AS variant, s.id, s.name, s.group_name, s.group_id, s.group_label FROM supplier_variants v JOIN suppliers s ON s.id = v.supplier_id ORDER BY v.name, s.id'),
      this.dataSource.query('SELECT council_code, reference, product, service_category FROM classification_corrections ORDER BY council_code, reference'),
      this.dataSource.query('SELECT code, short_name FROM councils ORDER BY code'),
    ]);
    const hash = createHash('sha256').update(JSON.stringify(settings));
    for (const table of tables) for (const r of table as Record<string, unknown>[]) hash.update(JSON.stringify(Object.values(r).map((v) => (v === null ? null : String(v)))));
    fingerprints.set(GLOBAL_SCOPE, hash.digest('hex').slice(0, 32));
    if (catalogue !== undefined) fingerprints.set(CATALOGUE_SCOPE, catalogue);
    return { fingerprints, contracts };
  }

  /** The fingerprints the last computed run stored, and when. */
  async stored(): Promise<{ fingerprints: Map<string, string>; recordedAt: string | null }> {
    const rows = (await this.dataSource.query('SELECT scope, fingerprint, recorded_at FROM analysis_inputs')) as { scope: string; fingerprint: string; recorded_at: string }[];
    return { fingerprints: new Map(rows.map((r) => [r.scope, r.fingerprint])), recordedAt: rows.find((r) => r.scope === GLOBAL_SCOPE)?.recorded_at ?? null };
  }

  async changes(now: InputFingerprints): Promise<InputChanges> {
    const before = await this.stored();
    const catalogue = before.fingerprints.has(CATALOGUE_SCOPE) && before.fingerprints.get(CATALOGUE_SCOPE) !== now.fingerprints.get(CATALOGUE_SCOPE);
    if (!before.fingerprints.has(GLOBAL_SCOPE)) return { first: true, global: true, catalogue, councils: [...now.contracts.keys()].sort(), since: null };
    const councils = new Set<string>();
    for (const [scope, f] of now.fingerprints) if (!scope.startsWith('*') && before.fingerprints.get(scope) !== f) councils.add(scope);
    // A council whose every contract was retired has no row now.
    for (const scope of before.fingerprints.keys()) if (!scope.startsWith('*') && !now.fingerprints.has(scope)) councils.add(scope);
    return { first: false, global: before.fingerprints.get(GLOBAL_SCOPE) !== now.fingerprints.get(GLOBAL_SCOPE), catalogue, councils: [...councils].sort(), since: before.recordedAt };
  }
}
