import { RowIssue, RowOutcome } from '@app/ingest';
import { BloomFilter } from './bloom-filter';

/**
 * Rows ready to bind, flattened in column order: cheap to pass between threads and to
 * insert. Booleans are 0/1, which both SQLite and PostgreSQL accept for boolean columns.
 */
export interface RowBatch {
  contracts: unknown[];
  issues: unknown[];
  rows: number;
  rejected: number;
  /** Contracts in this batch, and how many of them carry warnings. */
  imported: number;
  warned: number;
  /** Councils of this batch's contracts, each once. */
  councils: string[];
  /** [council, reference] pairs that may have appeared earlier in the register (checked exactly in SQL). */
  repeats: [string, string][];
  /** Supplier names as written, with a company number given beside them and how many rows use them (in the last batch only). */
  suppliers: [string, string | null, number][];
  /** Contracts stored per council (in the last batch only). */
  councilRows: [string, number][];
  /** Rows rejected because they name a buyer other than the file's council, and a few of them as "row 12: NHS Highland" (in the last batch only). */
  otherBuyerRows: number;
  otherBuyerExamples: string[];
  bytes: number;
}

/** Row errors that show the file holds rows of buyers other than the council its contracts were stored for. */
const OTHER_BUYER_CODES = new Set(['COUNCIL_UNKNOWN', 'COUNCIL_AMBIGUOUS', 'COUNCIL_MISMATCH']);
const OTHER_BUYER_EXAMPLES = 3;

function hasExtras(extras: Record<string, string>): boolean {
  for (const _ in extras) return true;
  return false;
}


/**
 * Turns normalised rows into batches to insert, keeping what the writer needs to know
 * about the whole register (repeated references) in fixed memory, however long it is.
 * Runs wherever the rows are read: in the parser thread for large registers.
 */
export class RowBatcher {
  private readonly seenReferences = new BloomFilter();
  private batch: RowBatch = RowBatcher.empty();
  /** Supplier names (and company numbers) met for the first time in this register, with their use counts. */
  private readonly supplierUses = new Map<string, { companyNumber: string | null; uses: number }>();
  private readonly councilRows = new Map<string, number>();
  private otherBuyerRows = 0;
  private readonly otherBuyerExamples: string[] = [];

  private static empty(): RowBatch {
    return {
      contracts: [], issues: [], rows: 0, rejected: 0, imported: 0, warned: 0, councils: [], repeats: [], suppliers: [],
      councilRows: [], otherBuyerRows: 0, otherBuyerExamples: [], bytes: 0,
    };
  }

  /** Rows added since the last take. */
  get size(): number {
    return this.batch.rows;
  }

  /** Adds one row's values to the batch being built (so the row object itself can be dropped at once). */
  add(o: RowOutcome): void {
    const batch = this.batch;
    batch.rows++;
    const c = o.contract;
    if (c) {
      const v = batch.contracts;
      let at = v.length;
      v[at++] = c.councilCode; v[at++] = c.reference; v[at++] = c.title; v[at++] = c.description;
      v[at++] = c.supplierName; v[at++] = c.companyNumber; v[at++] = c.startDate; v[at++] = c.endDate; v[at++] = c.endDateDerived ? 1 : 0;
      v[at++] = c.durationMonths; v[at++] = c.extensionText; v[at++] = c.noticePeriod; v[at++] = c.annualValue; v[at++] = c.totalValue;
      v[at++] = c.category; v[at++] = c.cpv; v[at++] = c.department; v[at++] = hasExtras(c.extras) ? JSON.stringify(c.extras) : null;
      v[at++] = c.rowNumber; v[at++] = c.hasWarnings ? 1 : 0;
      v[at++] = c.annualValueSource; v[at++] = c.totalValueSource; v[at++] = c.valueLow; v[at++] = c.valueHigh;
      v[at++] = c.extensionUnit; v[at++] = c.jointCouncilCodes.length > 0 ? c.jointCouncilCodes.join(' ') : null;
      if (c.supplierName !== null) {
        const seen = this.supplierUses.get(c.supplierName);
        if (seen) {
          seen.uses++;
          seen.companyNumber ??= c.companyNumber;
        } else this.supplierUses.set(c.supplierName, { companyNumber: c.companyNumber, uses: 1 });
      }
      batch.imported++;
      this.councilRows.set(c.councilCode, (this.councilRows.get(c.councilCode) ?? 0) + 1);
      if (c.hasWarnings) batch.warned++;
      const councils = batch.councils;
      if (councils[councils.length - 1] !== c.councilCode && !councils.includes(c.councilCode)) councils.push(c.councilCode);
      // GSS codes are always nine characters, so code + reference is unambiguous.
      if (c.reference !== null && this.seenReferences.add(c.councilCode + c.reference)) batch.repeats.push([c.councilCode, c.reference]);
    } else {
      batch.rejected++;
      const other = o.issues.find((i) => OTHER_BUYER_CODES.has(i.code));
      if (other) {
        this.otherBuyerRows++;
        if (this.otherBuyerExamples.length < OTHER_BUYER_EXAMPLES) this.otherBuyerExamples.push(`row ${o.row}: ${other.value ?? '(blank)'}`);
      }
    }
    for (const i of o.issues) batch.issues.push(i.row, i.column, i.value, i.code, i.severity, i.message);
  }

  /** The batch built so far, with how far into the file its last row ends; starts a new one. */
  take(bytes: number, final = false): RowBatch {
    const batch = this.batch;
    batch.bytes = bytes;
    // Names and counts travel once, with the last batch: a register names far fewer suppliers than it has rows.
    if (final) {
      for (const [name, s] of this.supplierUses) batch.suppliers.push([name, s.companyNumber, s.uses]);
      batch.councilRows = [...this.councilRows];
      batch.otherBuyerRows = this.otherBuyerRows;
      batch.otherBuyerExamples = [...this.otherBuyerExamples];
    }
    this.batch = RowBatcher.empty();
    return batch;
  }

  build(outcomes: RowOutcome[], bytes: number, final = false): RowBatch {
    for (const o of outcomes) this.add(o);
    return this.take(bytes, final);
  }
}

/** Regroups chunks of rows into batches of about `size` rows, ready to insert. */
export async function* rowBatches(chunks: AsyncIterable<RowOutcome[]>, bytes: () => number, size = 2000): AsyncGenerator<RowBatch> {
  const batcher = new RowBatcher();
  for await (const chunk of chunks) {
    for (const outcome of chunk) {
      batcher.add(outcome);
      if (batcher.size >= size) yield batcher.take(bytes());
    }
  }
  yield batcher.take(bytes(), true);
}
