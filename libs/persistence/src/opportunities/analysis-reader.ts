import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { Classifier, councilCategoryKey } from '@app/classification';
import { ContractFacts } from '@app/opportunities';
import { analysisDates, DEFAULT_LEAD_TIMES, LeadTimes, renewalDates } from '@app/renewals';
import { supplierGroupKey } from '../contracts/contract-read-model';

/**
 * The stored columns the analysis needs, in this order (no extras, no provenance: a third of the row).
 * Product and service category are the stored classification (kept by imports, corrections and a
 * changed catalogue, see ContractClassificationStore); the words it was made from are read only for
 * a row not classified yet, so a million titles are not read, decoded and classified again.
 */
const COLUMNS = 'id, council_code, reference, '
  + 'CASE WHEN classified_at IS NULL THEN title END AS title, CASE WHEN classified_at IS NULL THEN description END AS description, supplier_name, '
  + 'CASE WHEN classified_at IS NULL THEN cpv END AS cpv, category, start_date, end_date, duration_months, extension_text, extension_unit, notice_period, annual_value, total_value, joint_councils, '
  + 'classified_at IS NOT NULL AS classified, product, service_category';
const NAMES = ['id', 'council_code', 'reference', 'title', 'description', 'supplier_name', 'cpv', 'category', 'start_date', 'end_date', 'duration_months', 'extension_text', 'extension_unit',
  'notice_period', 'annual_value', 'total_value', 'joint_councils', 'classified', 'product', 'service_category'];
type Raw = [number, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null,
  'months' | 'years' | null, string | null, number | null, number | null, string | null, number | boolean, string | null, string | null];

interface SupplierOf {
  id: number;
  name: string;
  groupId: string;
  group: string;
}

interface Correction {
  product: string | null;
  serviceCategory: string | null;
}

const PAGE = 20_000;

/** The joint councils of the (nearly every) contract that has none: one shared array, not a million empty ones. */
const NO_PARTNERS: readonly string[] = Object.freeze([]);

/**
 * Reads every council's current contracts as the analysis needs them: only the columns it uses,
 * a page at a time (on SQLite one prepared statement iterated, with no ORM objects), classified
 * and dated as the contract read model does, with the supplier directory and the analysts'
 * corrections read once rather than once a page. A cross-council read, named as such: it serves
 * the analysis only. `progress` is told how many contracts are read so far.
 */
export class AnalysisReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly classifier: Classifier,
    private readonly leadTimes: LeadTimes = DEFAULT_LEAD_TIMES,
    /** Names the classification data (a hash of the catalogue): a changed catalogue changes every fingerprint. */
    readonly catalogueVersion = 'unnamed',
  ) {}

  /** What decides how a stored row is read, for the inputs' fingerprint. */
  settings(): unknown {
    return { leadTimes: this.leadTimes, catalogue: this.catalogueVersion };
  }

  async countCurrent(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT COUNT(*) AS n FROM contracts WHERE is_current = $1'.replace('$1', this.isSqlite() ? '1' : 'true'))) as { n: number | string }[];
    return Number(row.n);
  }

  async readAllCouncils(today: string, progress: (read: number) => void = () => undefined): Promise<ContractFacts[]> {
    const suppliers = await this.supplierDirectory();
    const corrections = await this.corrections();
    const councils = new Map<string, string>();
    const facts: ContractFacts[] = [];
    for await (const page of this.pages()) {
      for (const r of page) facts.push(this.factsOf(r, today, suppliers, corrections, councils));
      progress(facts.length);
    }
    return facts;
  }

  private isSqlite(): boolean {
    return this.dataSource.options.type !== 'postgres';
  }

  private async *pages(): AsyncGenerator<Raw[]> {
    if (this.isSqlite()) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      // NOT INDEXED: a scan in rowid (id) order; left to itself the planner may take an index on is_current and sort a million rows.
      const statement = db.prepare(`SELECT ${COLUMNS} FROM contracts NOT INDEXED WHERE is_current = 1 ORDER BY id`).raw(true);
      let page: Raw[] = [];
      for (const row of statement.iterate() as IterableIterator<Raw>) {
        page.push(row);
        if (page.length === PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
      return;
    }
    for (let after = 0; ;) {
      const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM contracts WHERE is_current = true AND id > $1 ORDER BY id LIMIT ${PAGE}`, [after])) as Record<string, unknown>[];
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].id);
      yield rows.map((r) => NAMES.map((n) => (n === 'id' || n.endsWith('_value') || n === 'duration_months') && r[n] !== null ? Number(r[n]) : r[n]) as Raw);
    }
  }

  private factsOf(r: Raw, today: string, suppliers: Map<string, SupplierOf>, corrections: Map<string, Correction>, councils: Map<string, string>): ContractFacts {
    const [id, rawCouncil, reference, title, description, supplierName, cpv, category, startDate, endDate, durationMonths, extensionText, extensionUnit, noticePeriod, annualValue, totalValue, joint,
      classified, storedProduct, storedCategory] = r;
    // One string per council code for the whole run, not one per row.
    let council = councils.get(rawCouncil);
    if (council === undefined) councils.set(rawCouncil, (council = rawCouncil));
    const supplier = supplierName !== null ? suppliers.get(supplierName) : undefined;
    const correction = reference !== null ? corrections.get(`${council}\u0000${reference}`) : undefined;
    // Stored classification where there is one (as the read model made it: with the correction, if any); else classified here.
    const k = classified === 1 || classified === true
      ? { product: this.intern(storedProduct), serviceCategory: this.intern(storedCategory), councilCategory: this.councilCategoryOf(category) }
      : this.classifier.classify({ title, description, supplierName, cpv, category });
    const terms = { startDate, endDate, durationMonths, extensionText, extensionUnit, noticePeriod, annualValue, totalValue };
    const d = analysisDates(terms, this.leadTimes, today);
    return {
      id, council, reference, title: null,
      product: correction ? correction.product : k.product,
      serviceCategory: correction ? correction.serviceCategory : k.serviceCategory,
      supplierId: supplier?.id ?? null, supplier: supplier?.name ?? this.intern(supplierName), supplierGroupId: supplier?.groupId ?? null, supplierGroup: supplier?.group ?? null,
      councilCategory: correction ? null : k.councilCategory, jointCouncils: joint ? joint.split(' ') : NO_PARTNERS,
      // The ends still ahead: a contract past its end with options left is presumed extended; an expired one has none.
      annualValue: annualValue ?? (totalValue !== null && startDate ? bestAnnual(totalValue, startDate, renewalDates(terms, this.leadTimes).maxEndDate) : null),
      currentEndDate: d.liveEndDate, possibleEndDates: d.livePossibleEndDates, leadMonths: d.leadMonths, presumedOptionsTaken: d.presumedOptionsTaken,
    };
  }

  private readonly councilCategories = new Map<string | null, string | null>();
  private readonly strings = new Map<string, string>();

  /**
   * One string per distinct value kept for the run (products, categories, supplier names as written):
   * the driver makes a new string per cell, and a million copies of forty products are a hundred megabytes.
   */
  private intern(value: string | null): string | null {
    if (value === null) return null;
    let v = this.strings.get(value);
    if (v === undefined) {
      if (this.strings.size >= 1_000_000) this.strings.clear();
      this.strings.set(value, (v = value));
    }
    return v;
  }

  /** The register's own category as a key (as the classifier gives it), once per distinct category. */
  private councilCategoryOf(category: string | null): string | null {
    let key = this.councilCategories.get(category);
    if (key === undefined) this.councilCategories.set(category, (key = councilCategoryKey(category)));
    return key;
  }

  /** Every supplier name as written, with its canonical supplier and group: a few thousand rows, read once. */
  private async supplierDirectory(): Promise<Map<string, SupplierOf>> {
    const rows = (await this.dataSource.query('SELECT v.name AS variant, s.id, s.name, s.group_name, s.group_id, s.group_label FROM supplier_variants v JOIN suppliers s ON s.id = v.supplier_id')) as Record<string, unknown>[];
    const out = new Map<string, SupplierOf>();
    for (const r of rows) {
      const name = r.name as string;
      const group = (r.group_name as string | null) ?? null;
      out.set(r.variant as string, {
        id: Number(r.id), name,
        groupId: (r.group_id as string | null) ?? supplierGroupKey(group ?? name),
        group: (r.group_label as string | null) ?? group ?? name,
      });
    }
    return out;
  }

  private async corrections(): Promise<Map<string, Correction>> {
    const rows = (await this.dataSource.query('SELECT council_code, reference, product, service_category FROM classification_corrections')) as Record<string, string | null>[];
    return new Map(rows.map((r) => [`${r.council_code}\u0000${r.reference}`, { product: r.product ?? null, serviceCategory: r.service_category ?? null }]));
  }
}

/** An annual value when the register gave only a whole-life one: spread over the known term, else unknown (never zero). */
function bestAnnual(totalValue: number, startDate: string, maxEndDate: string | null): number | null {
  if (!maxEndDate) return null;
  const years = (Date.parse(maxEndDate) - Date.parse(startDate)) / (365.25 * 86_400_000);
  return years >= 0.5 ? Math.round((totalValue / years) * 100) / 100 : null;
}
