import { DataSource } from 'typeorm';
import { ApplicationRow, Hosting, parseHosting } from '@app/ingest';
import { CouncilScope } from '../council-scope';
import { ContractRecord } from '../contracts/contract-read-model';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export interface StoredAsset {
  id: number;
  councilCode: string;
  system: string;
  product: string | null;
  supplier: string | null;
  serviceArea: string | null;
  hosting: Hosting | null;
  endOfSupport: string | null;
  notes: string | null;
  source: 'application-list' | 'edit';
  sourceFile: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface AssetContract {
  id: number;
  reference: string | null;
  title: string | null;
  supplier: string | null;
  endDate: string | null;
  annualValue: number | null;
}

/** A council's system or platform: from its classified contracts, its application list and edits. */
export interface AssetView {
  council: string;
  system: string;
  product: string | null;
  serviceCategory: string | null;
  serviceArea: string | null;
  supplier: string | null;
  hosting: Hosting | null;
  /** Where the hosting came from: the council's own record, or words in a contract's title. */
  hostingSource: 'recorded' | 'contract-title' | null;
  endOfSupport: string | null;
  notes: string | null;
  /** The contracts that pay for it (current ones in the register); empty for a system no contract covers. */
  contracts: AssetContract[];
  annualValue: number | null;
  /** The latest end date of those contracts. */
  contractsEnd: string | null;
  sources: ('contracts' | 'application-list' | 'edit')[];
}

type Row = Record<string, unknown>;

export class AssetsRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async stored(scope: CouncilScope): Promise<StoredAsset[]> {
    const rows = await this.dataSource.query(
      placeholders(this.dialect, `SELECT * FROM assets ${scope.kind === 'council' ? 'WHERE council_code = ?' : ''} ORDER BY council_code, system`),
      scope.kind === 'council' ? [scope.code] : [],
    ) as Row[];
    return rows.map((r) => ({
      id: Number(r.id), councilCode: r.council_code as string, system: r.system as string, product: (r.product as string) ?? null, supplier: (r.supplier as string) ?? null,
      serviceArea: (r.service_area as string) ?? null, hosting: (r.hosting as Hosting) ?? null, endOfSupport: (r.end_of_support as string) ?? null,
      notes: (r.notes as string) ?? null, source: r.source as StoredAsset['source'], sourceFile: (r.source_file as string) ?? null,
      updatedBy: r.updated_by as string, updatedAt: r.updated_at as string,
    }));
  }

  /** Stores an application list's rows in one transaction: all of them or none. */
  async saveApplicationList(rows: ApplicationRow[], file: string, by: string, at: string): Promise<void> {
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      for (const r of rows) {
        await m.query(
          placeholders(this.dialect, `INSERT INTO assets (council_code, system, product, supplier, service_area, hosting, end_of_support, notes, source, source_file, updated_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'application-list', ?, ?, ?)
            ON CONFLICT (council_code, system) DO UPDATE SET product = excluded.product, supplier = excluded.supplier, service_area = excluded.service_area,
              hosting = excluded.hosting, end_of_support = excluded.end_of_support, notes = excluded.notes, source = excluded.source,
              source_file = excluded.source_file, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
          [r.councilCode, r.system, r.product, r.supplier, r.serviceArea, r.hosting, r.endOfSupport, r.notes, file, by, at],
        );
      }
    }));
  }

  /** Records what a council says about one system (fields left undefined keep their value). */
  async edit(council: string, system: string, changes: Partial<Pick<StoredAsset, 'product' | 'supplier' | 'serviceArea' | 'hosting' | 'endOfSupport' | 'notes'>>, by: string, at: string): Promise<void> {
    const existing = (await this.stored({ kind: 'council', code: council })).find((a) => a.system.toLowerCase() === system.toLowerCase());
    const merged = { product: null, supplier: null, serviceArea: null, hosting: null, endOfSupport: null, notes: null, ...(existing ?? {}), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    await this.gate.run(() => this.dataSource.query(
      placeholders(this.dialect, `INSERT INTO assets (council_code, system, product, supplier, service_area, hosting, end_of_support, notes, source, source_file, updated_by, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'edit', NULL, ?, ?)
        ON CONFLICT (council_code, system) DO UPDATE SET product = excluded.product, supplier = excluded.supplier, service_area = excluded.service_area,
          hosting = excluded.hosting, end_of_support = excluded.end_of_support, notes = excluded.notes, source = excluded.source,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
      [council, existing?.system ?? system, merged.product, merged.supplier, merged.serviceArea, merged.hosting, merged.endOfSupport, merged.notes, by, at],
    ));
  }
}

/**
 * Puts a council's assets together: one per product its classified contracts pay for, joined
 * with what the council recorded for the same system or product, plus recorded systems that
 * no contract covers.
 */
export function assembleAssets(contracts: ContractRecord[], stored: StoredAsset[]): AssetView[] {
  const byKey = new Map<string, AssetView>();
  const key = (council: string, name: string) => `${council}\u0000${name.trim().toLowerCase()}`;
  for (const c of contracts) {
    if (!c.product) continue;
    const k = key(c.council, c.product);
    let a = byKey.get(k);
    if (!a) {
      a = {
        council: c.council, system: c.product, product: c.product, serviceCategory: c.serviceCategory, serviceArea: c.department, supplier: c.supplier ?? c.supplierName,
        hosting: null, hostingSource: null, endOfSupport: null, notes: null, contracts: [], annualValue: null, contractsEnd: null, sources: ['contracts'],
      };
      byKey.set(k, a);
    }
    a.contracts.push({ id: c.id, reference: c.reference, title: c.title, supplier: c.supplier ?? c.supplierName, endDate: c.endDate, annualValue: c.annualValue });
    if (c.annualValue !== null) a.annualValue = (a.annualValue ?? 0) + c.annualValue;
    if (c.endDate && (!a.contractsEnd || c.endDate > a.contractsEnd)) a.contractsEnd = c.endDate;
    const hosting = c.title ? parseHosting(c.title) : null;
    if (hosting && !a.hosting) [a.hosting, a.hostingSource] = [hosting, 'contract-title'];
  }
  for (const s of stored) {
    const k = [key(s.councilCode, s.system), s.product ? key(s.councilCode, s.product) : null].find((x) => x && byKey.has(x)) ?? key(s.councilCode, s.system);
    let a = byKey.get(k);
    if (!a) {
      a = {
        council: s.councilCode, system: s.system, product: s.product, serviceCategory: null, serviceArea: null, supplier: s.supplier,
        hosting: null, hostingSource: null, endOfSupport: null, notes: null, contracts: [], annualValue: null, contractsEnd: null, sources: [],
      };
      byKey.set(k, a);
    }
    a.system = s.system;
    a.product = s.product ?? a.product;
    a.supplier = s.supplier ?? a.supplier;
    a.serviceArea = s.serviceArea ?? a.serviceArea;
    if (s.hosting) [a.hosting, a.hostingSource] = [s.hosting, 'recorded'];
    a.endOfSupport = s.endOfSupport ?? a.endOfSupport;
    a.notes = s.notes ?? a.notes;
    if (!a.sources.includes(s.source)) a.sources.push(s.source);
  }
  return [...byKey.values()].sort((x, y) => (x.council < y.council ? -1 : x.council > y.council ? 1 : x.system.localeCompare(y.system)));
}
