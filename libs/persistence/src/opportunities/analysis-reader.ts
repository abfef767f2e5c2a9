import type { Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { Classifier, councilCategoryKey } from '@app/classification';
import { ContractFacts } from '@app/opportunities';
import { analysisDates, DEFAULT_LEAD_TIMES, LeadTimes, renewalDates } from '@app/renewals';
import type { Catalogue } from '../catalogue-reference';
import { supplierGroupKey } from '../contracts/contract-read-model';
import { FactsColumns, FactsColumnsWriter, factsOf, plainFacts } from './facts-columns';

/**
 * The stored columns the analysis needs, in this order (no extras, no provenance: a third of the row).
 * Product and service category are the stored classification (kept by imports, corrections and a
 * changed catalogue, see ContractClassificationStore); the words it was made from are read only for
 * a row not classified yet, so a million titles are not read, decoded and classified again.
 */
function columns(postgres: boolean): string {
  // The words classification is made from, as one JSON array, only for a row not classified yet (null otherwise: one column, not three).
  const words = postgres ? 'json_build_array(title, description, cpv)::text' : 'json_array(title, description, cpv)';
  return `id, council_code, reference, CASE WHEN classified_at IS NULL THEN ${words} END AS words, supplier_name, category, start_date, end_date, duration_months, `
    + 'extension_text, extension_unit, notice_period, annual_value, total_value, joint_councils, product, service_category';
}
const NAMES = ['id', 'council_code', 'reference', 'words', 'supplier_name', 'category', 'start_date', 'end_date', 'duration_months', 'extension_text', 'extension_unit',
  'notice_period', 'annual_value', 'total_value', 'joint_councils', 'product', 'service_category'];
type Raw = [number, string, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null,
  'months' | 'years' | null, string | null, number | null, number | null, string | null, string | null, string | null];

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

/** The compiled script a reading thread runs (absent when tests run the TypeScript sources). */
const THREAD_SCRIPT = path.join(__dirname, 'analysis-read-thread.js');

/** Below this many contracts one thread reads faster than several start. */
const THREADS_FROM = 50_000;

/** A reading thread's old generation: one page of rows and the tables of distinct values (its columns and references are outside the heap). */
const THREAD_HEAP_MB = 160;

/**
 * Reading on several cores (SQLite files only): each thread opens the file read only and reads one
 * range of ids in its own read transaction, classifying with the same catalogue.
 */
export interface ReadThreads {
  count: number;
  /** The catalogue the classifier was made from (each thread makes its own classifier from it). */
  catalogue: Catalogue;
  /** Contracts below which one thread reads (default 50,000: below it, starting threads costs more than it saves). */
  from?: number;
}

/** What a reading thread is given. */
export interface ReadThreadRequest {
  file: string;
  catalogue: Catalogue;
  leadTimes: LeadTimes;
  catalogueVersion: string;
  today: string;
  fromId: number;
  toId: number;
}

export type ReadThreadMessage = { type: 'progress'; read: number } | { type: 'done'; columns: FactsColumns } | { type: 'error'; message: string };

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
    /** Read on several cores where the store allows it; the classifier must then be made from `threads.catalogue`. */
    private readonly threads: ReadThreads | null = null,
  ) {}

  /** What decides how a stored row is read, for the inputs' fingerprint. */
  settings(): unknown {
    return { leadTimes: this.leadTimes, catalogue: this.catalogueVersion };
  }

  async countCurrent(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT COUNT(*) AS n FROM contracts WHERE is_current = $1'.replace('$1', this.isSqlite() ? '1' : 'true'))) as { n: number | string }[];
    return Number(row.n);
  }

  /** Threads the last readAllCouncils read with (1: this one alone). */
  threadsUsed = 0;

  /** Every current contract's facts as plain objects (for tools and comparisons; the analysis reads the columns). */
  async readAllCouncils(today: string, progress: (read: number) => void = () => undefined): Promise<ContractFacts[]> {
    return factsOf(await this.readColumns(today, progress)).map(plainFacts);
  }

  /**
   * Every council's current contracts as columns (see facts-columns.ts): a tenth of their size as
   * objects, so the analysis can make the objects of one part at a time. Read by several threads
   * where the store allows, else here.
   */
  async readColumns(today: string, progress: (read: number) => void = () => undefined): Promise<FactsColumns[]> {
    const file = this.threadedFile();
    if (file) {
      const parts = await this.readInThreads(file, today, progress);
      if (parts) {
        this.threadsUsed = parts.length;
        return parts;
      }
    }
    this.threadsUsed = 1;
    const writer = new FactsColumnsWriter(await this.countCurrent());
    let read = 0;
    await this.readRange(today, null, (f) => {
      writer.add(f);
      read++;
    }, () => progress(read));
    return [writer.finish()];
  }

  /**
   * The current contracts with ids in `range` (every one when null), in id order, each handed to
   * `each`; `page` after every page. On SQLite the range is read in one read transaction.
   */
  async readRange(today: string, range: { fromId: number; toId: number } | null, each: (f: ContractFacts) => void, page: () => void = () => undefined): Promise<void> {
    const suppliers = await this.supplierDirectory();
    const corrections = await this.corrections();
    const councils = new Map<string, string>();
    for await (const rows of this.pages(range)) {
      for (const r of rows) each(this.factsOf(r, today, suppliers, corrections, councils));
      page();
    }
  }

  /** The SQLite file to read in threads, when threads are asked for, the file is on disk and the thread script is built. */
  private threadedFile(): string | null {
    if (!this.threads || this.threads.count < 2 || !this.isSqlite() || !fs.existsSync(THREAD_SCRIPT)) return null;
    const file = this.dataSource.options.database;
    return typeof file === 'string' && file !== ':memory:' && file !== '' && fs.existsSync(file) ? file : null;
  }

  /**
   * Every current contract read by several threads, each a range of ids of about the same number of
   * contracts; null when there are too few to be worth it. The ranges end at the highest id when the
   * read began: rows stored meanwhile are left to the next analysis (which every import queues).
   */
  private async readInThreads(file: string, today: string, progress: (read: number) => void): Promise<FactsColumns[] | null> {
    const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    const total = (db.prepare('SELECT COUNT(*) FROM contracts NOT INDEXED WHERE is_current = 1').pluck().get() as number) ?? 0;
    const count = Math.min(this.threads!.count, Math.ceil(total / (this.threads!.from ?? THREADS_FROM)));
    if (count < 2) return null;
    const at = db.prepare('SELECT id FROM contracts NOT INDEXED WHERE is_current = 1 ORDER BY id LIMIT 1 OFFSET ?').pluck();
    const starts = Array.from({ length: count }, (_, k) => at.get(Math.floor((total * k) / count)) as number | undefined);
    const maxId = db.prepare('SELECT MAX(id) FROM contracts').pluck().get() as number;
    if (starts.some((s) => s === undefined)) return null;
    const ranges = starts.map((fromId, k) => ({ fromId: fromId!, toId: k + 1 < count ? starts[k + 1]! - 1 : maxId }));
    const read = new Array<number>(count).fill(0);
    const workers: Worker[] = [];
    try {
      return await Promise.all(ranges.map((range, k) => new Promise<FactsColumns>((resolve, reject) => {
        const request: ReadThreadRequest = { file, catalogue: this.threads!.catalogue, leadTimes: this.leadTimes, catalogueVersion: this.catalogueVersion, today, ...range };
        // A thread's live data is one page and its columns (outside the heap): a small old generation keeps its garbage, and the process's memory, down.
        const worker = new Worker(THREAD_SCRIPT, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
        workers.push(worker);
        worker.on('message', (m: ReadThreadMessage) => {
          if (m.type === 'progress') {
            read[k] = m.read;
            progress(read.reduce((a, b) => a + b, 0));
          } else if (m.type === 'done') resolve(m.columns);
          else reject(new Error(`reading contracts ${range.fromId}-${range.toId}: ${m.message}`));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`the thread reading contracts ${range.fromId}-${range.toId} stopped with code ${code}`)));
      })));
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }

  private isSqlite(): boolean {
    return this.dataSource.options.type !== 'postgres';
  }

  private async *pages(range: { fromId: number; toId: number } | null): AsyncGenerator<Raw[]> {
    if (this.isSqlite()) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      // NOT INDEXED: a scan in rowid (id) order; left to itself the planner may take an index on is_current and sort a million rows.
      const statement = db.prepare(`SELECT ${columns(false)} FROM contracts NOT INDEXED WHERE is_current = 1 AND id BETWEEN ? AND ? ORDER BY id`).raw(true);
      let page: Raw[] = [];
      for (const row of statement.iterate(range?.fromId ?? 0, range?.toId ?? Number.MAX_SAFE_INTEGER) as IterableIterator<Raw>) {
        page.push(row);
        if (page.length === PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
      return;
    }
    for (let after = (range?.fromId ?? 1) - 1; ;) {
      const rows = (await this.dataSource.query(
        `SELECT ${columns(true)} FROM contracts WHERE is_current = true AND id > $1${range ? ' AND id <= $2' : ''} ORDER BY id LIMIT ${PAGE}`, range ? [after, range.toId] : [after],
      )) as Record<string, unknown>[];
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].id);
      yield rows.map((r) => NAMES.map((n) => (n === 'id' || n.endsWith('_value') || n === 'duration_months') && r[n] !== null ? Number(r[n]) : r[n]) as Raw);
    }
  }

  private factsOf(r: Raw, today: string, suppliers: Map<string, SupplierOf>, corrections: Map<string, Correction>, councils: Map<string, string>): ContractFacts {
    const [id, rawCouncil, reference, words, supplierName, category, startDate, endDate, durationMonths, extensionText, extensionUnit, noticePeriod, annualValue, totalValue, joint,
      storedProduct, storedCategory] = r;
    // One string per council code for the whole run, not one per row.
    let council = councils.get(rawCouncil);
    if (council === undefined) councils.set(rawCouncil, (council = rawCouncil));
    const supplier = supplierName !== null ? suppliers.get(supplierName) : undefined;
    const correction = reference !== null ? corrections.get(`${council}\u0000${reference}`) : undefined;
    // Stored classification where there is one (as the read model made it: with the correction, if any); else classified here.
    const k = words === null
      ? { product: this.intern(storedProduct), serviceCategory: this.intern(storedCategory), councilCategory: this.councilCategoryOf(category) }
      : this.classifyWords(words, supplierName, category);
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

  private classifyWords(words: string, supplierName: string | null, category: string | null): ReturnType<Classifier['classify']> {
    const [title, description, cpv] = JSON.parse(words) as (string | null)[];
    return this.classifier.classify({ title, description, supplierName, cpv, category });
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
