import { ContractFacts, LinkFacts, PartitionLimits, PartitionPlan, PartitionPlanner } from '@app/opportunities';

/** Indexes and small numbers: 16-bit where every value of the column fits (see FactsColumnsWriter.finish), else 32-bit. */
export type IndexColumn = Int32Array | Int16Array;

/**
 * Contracts' facts as columns: typed arrays for numbers, and for every repeated value (councils,
 * products, suppliers, dates, lists of dates) an index into a table of distinct values. A reading
 * thread fills one and hands it to the analysis without copying (the arrays' buffers are
 * transferred); `factsOf` gives the engine each contract's facts read from them, sharing one copy of each value.
 */
export interface FactsColumns {
  length: number;
  /** 32-bit while every id fits (as a register's do), else doubles. */
  id: Int32Array | Float64Array;
  /** -1: none. */
  supplierId: IndexColumn;
  annualValue: Float64Array;
  presumedOptionsTaken: IndexColumn;
  /** Indexes into `values` (-1: null). */
  council: IndexColumn;
  product: IndexColumn;
  serviceCategory: IndexColumn;
  supplier: IndexColumn;
  supplierGroupId: IndexColumn;
  supplierGroup: IndexColumn;
  councilCategory: IndexColumn;
  currentEndDate: IndexColumn;
  /** Lead times repeat (a few distinct months): an index too. */
  leadMonths: IndexColumn;
  /** Indexes into `lists` (-1: none). */
  possibleEndDates: IndexColumn;
  jointCouncils: IndexColumn;
  /** Every contract's reference end to end as UTF-8 (outside the heap: no string per contract), with each one's length in bytes (-1: null). */
  references: Uint8Array;
  referenceLength: IndexColumn;
  values: (string | number)[];
  lists: string[][];
}

const NUMBERS = ['id', 'supplierId', 'annualValue', 'presumedOptionsTaken'] as const;
const VALUES = ['council', 'product', 'serviceCategory', 'supplier', 'supplierGroupId', 'supplierGroup', 'councilCategory', 'currentEndDate', 'leadMonths'] as const;
const LISTS = ['possibleEndDates', 'jointCouncils'] as const;

/** The buffers to transfer with a FactsColumns. */
export function buffersOf(c: FactsColumns): ArrayBuffer[] {
  return [...[...NUMBERS, ...VALUES, ...LISTS, 'referenceLength' as const].map((k) => c[k].buffer as ArrayBuffer), c.references.buffer as ArrayBuffer];
}

type Column = Float64Array | Int32Array;
const COLUMNS = [...NUMBERS, ...VALUES, ...LISTS, 'referenceLength'] as const;
/** Columns of indexes and small numbers, narrowed to 16 bits where they fit. */
const NARROWABLE = ['supplierId', 'presumedOptionsTaken', ...VALUES, ...LISTS, 'referenceLength'] as const;

/** Fills columns one contract at a time: room for `capacity` at first, more as needed (rows stored while a register is read). */
export class FactsColumnsWriter {
  private readonly c: FactsColumns;
  private readonly valueIndex = new Map<string | number, number>();
  private readonly listIndex = new Map<readonly string[], number>();
  private readonly listByKey = new Map<string, number>();
  private refs: Buffer;
  private refsAt = 0;
  private grown = false;

  constructor(private capacity: number) {
    this.capacity = Math.max(1, capacity);
    const f64 = () => new Float64Array(this.capacity);
    const i32 = () => new Int32Array(this.capacity);
    // Not from Buffer's shared pool: the bytes' own ArrayBuffer is handed on between threads.
    this.refs = Buffer.alloc(this.capacity * 16);
    this.c = {
      length: 0, id: i32(), supplierId: i32(), annualValue: f64(), leadMonths: i32(), presumedOptionsTaken: i32(),
      council: i32(), product: i32(), serviceCategory: i32(), supplier: i32(), supplierGroupId: i32(), supplierGroup: i32(), councilCategory: i32(), currentEndDate: i32(),
      possibleEndDates: i32(), jointCouncils: i32(), references: new Uint8Array(0), referenceLength: i32(), values: [], lists: [],
    };
  }

  add(f: ContractFacts): void {
    const c = this.c;
    const g = c.length;
    if (g >= this.capacity) this.resize(this.capacity * 2);
    if (c.id instanceof Int32Array && (f.id > 0x7fffffff || f.id < 0 || !Number.isInteger(f.id))) c.id = Float64Array.from(c.id);
    c.id[g] = f.id;
    c.supplierId[g] = f.supplierId ?? -1;
    c.annualValue[g] = f.annualValue ?? NaN;
    c.leadMonths[g] = this.value(f.leadMonths);
    c.presumedOptionsTaken[g] = f.presumedOptionsTaken ?? 0;
    c.council[g] = this.value(f.council);
    c.product[g] = this.value(f.product);
    c.serviceCategory[g] = this.value(f.serviceCategory);
    c.supplier[g] = this.value(f.supplier);
    c.supplierGroupId[g] = this.value(f.supplierGroupId ?? null);
    c.supplierGroup[g] = this.value(f.supplierGroup ?? null);
    c.councilCategory[g] = this.value(f.councilCategory ?? null);
    c.currentEndDate[g] = this.value(f.currentEndDate);
    c.possibleEndDates[g] = this.list(f.possibleEndDates);
    c.jointCouncils[g] = this.list(f.jointCouncils ?? []);
    if (f.reference === null) c.referenceLength[g] = -1;
    else {
      const bytes = Buffer.byteLength(f.reference);
      if (this.refsAt + bytes > this.refs.length) {
        const grown = Buffer.alloc(Math.max(this.refs.length * 2, this.refsAt + bytes));
        this.refs.copy(grown, 0, 0, this.refsAt);
        this.refs = grown;
      }
      this.refs.write(f.reference, this.refsAt);
      this.refsAt += bytes;
      c.referenceLength[g] = bytes;
    }
    c.length = g + 1;
  }

  private resize(capacity: number): void {
    const c = this.c as unknown as Record<(typeof COLUMNS)[number], Column>;
    for (const k of COLUMNS) {
      const next = c[k] instanceof Float64Array ? new Float64Array(capacity) : new Int32Array(capacity);
      next.set(c[k].subarray(0, Math.min(this.c.length, capacity)));
      c[k] = next;
    }
    this.capacity = capacity;
    this.grown = true;
  }

  /**
   * The columns, cut to their length. A column of indexes or small numbers whose every value fits
   * in 16 bits is handed on as 16-bit (its values unchanged, -1 still none): at national scale most
   * do (32 councils, a few hundred products, a few thousand dates), which is about 26 bytes a
   * contract less (130 MB at 5M).
   */
  finish(): FactsColumns {
    // Grown columns are cut to their length, so the buffers handed on hold no spare room.
    if (this.grown && this.c.length < this.capacity) this.resize(this.c.length);
    const c = this.c as unknown as Record<(typeof NARROWABLE)[number], IndexColumn>;
    for (const k of NARROWABLE) {
      const column = c[k].subarray(0, this.c.length);
      let fits = true;
      for (let i = 0; i < column.length && fits; i++) fits = column[i] >= -0x8000 && column[i] <= 0x7fff;
      if (fits) c[k] = Int16Array.from(column);
    }
    // The bytes cut to their length, in a buffer of their own (handed on whole).
    const references = new Uint8Array(this.refsAt);
    references.set(this.refs.subarray(0, this.refsAt));
    this.c.references = references;
    this.refs = Buffer.alloc(0);
    return this.c;
  }

  private value(v: string | number | null): number {
    if (v === null) return -1;
    let i = this.valueIndex.get(v);
    if (i === undefined) {
      this.valueIndex.set(v, (i = this.c.values.length));
      this.c.values.push(v);
    }
    return i;
  }

  /** Lists are shared between contracts (same terms, same partners): looked up by identity first, by content once. */
  private list(v: readonly string[]): number {
    if (v.length === 0) return -1;
    let i = this.listIndex.get(v);
    if (i === undefined) {
      const key = v.join('\u0000');
      i = this.listByKey.get(key);
      if (i === undefined) {
        this.listByKey.set(key, (i = this.c.lists.length));
        this.c.lists.push([...v]);
      }
      this.listIndex.set(v, i);
    }
    return i;
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** Contracts of one part of a PartitionPlan (positions across all the columns read, in order). */
export interface PartSelection {
  partOf: Int32Array;
  part: number;
}

/** One part of the columns read, with its values and lists shared across parts. */
interface ColumnSource {
  readonly c: FactsColumns;
  readonly values: readonly (string | number)[];
  readonly lists: readonly (readonly string[])[];
  readonly bytes: Buffer;
}

/**
 * A contract's facts read from the columns when asked for: three fields an object (about 48
 * bytes, against about 220 for the facts copied out), so that the largest part of a 5M register
 * fits beside its columns. The engine only reads facts; a reference becomes a string only when a
 * finding names it.
 */
class ColumnFacts implements ContractFacts {
  constructor(
    private readonly s: ColumnSource,
    private readonly k: number,
    /** Where the reference's bytes start. */
    private readonly at: number,
  ) {}

  get id(): number { return this.s.c.id[this.k]; }
  get council(): string { return this.s.values[this.s.c.council[this.k]] as string; }
  get reference(): string | null {
    const length = this.s.c.referenceLength[this.k];
    return length < 0 ? null : this.s.bytes.toString('utf8', this.at, this.at + length);
  }
  get title(): null { return null; }
  get product(): string | null { return this.str(this.s.c.product[this.k]); }
  get serviceCategory(): string | null { return this.str(this.s.c.serviceCategory[this.k]); }
  get supplierId(): number | null { const v = this.s.c.supplierId[this.k]; return v < 0 ? null : v; }
  get supplier(): string | null { return this.str(this.s.c.supplier[this.k]); }
  get supplierGroupId(): string | number | null { const v = this.s.c.supplierGroupId[this.k]; return v < 0 ? null : this.s.values[v]; }
  get supplierGroup(): string | null { return this.str(this.s.c.supplierGroup[this.k]); }
  get councilCategory(): string | null { return this.str(this.s.c.councilCategory[this.k]); }
  get jointCouncils(): readonly string[] { const v = this.s.c.jointCouncils[this.k]; return v < 0 ? NONE : this.s.lists[v]; }
  get annualValue(): number | null { const v = this.s.c.annualValue[this.k]; return Number.isNaN(v) ? null : v; }
  get currentEndDate(): string | null { return this.str(this.s.c.currentEndDate[this.k]); }
  get possibleEndDates(): readonly string[] { const v = this.s.c.possibleEndDates[this.k]; return v < 0 ? NONE : this.s.lists[v]; }
  get leadMonths(): number { return this.s.values[this.s.c.leadMonths[this.k]] as number; }
  get presumedOptionsTaken(): number { return this.s.c.presumedOptionsTaken[this.k]; }

  private str(i: number): string | null {
    return i < 0 ? null : (this.s.values[i] as string);
  }
}

const FACT_KEYS = [
  'id', 'council', 'reference', 'title', 'product', 'serviceCategory', 'supplierId', 'supplier', 'supplierGroupId', 'supplierGroup',
  'councilCategory', 'jointCouncils', 'annualValue', 'currentEndDate', 'possibleEndDates', 'leadMonths', 'presumedOptionsTaken',
] as const satisfies readonly (keyof ContractFacts)[];

/** A contract's facts copied into a plain object (for comparing, printing or sending elsewhere). */
export function plainFacts(f: ContractFacts): ContractFacts {
  const out: Record<string, unknown> = {};
  for (const k of FACT_KEYS) out[k] = f[k];
  return out as unknown as ContractFacts;
}

/**
 * The facts of every contract in `parts` (or of one part of a plan), in order, read from the
 * columns (see ColumnFacts). Values equal across parts are one value (one string per council or
 * product for the whole run; one frozen list per distinct list).
 */
export function factsOf(parts: FactsColumns[], only?: PartSelection): ContractFacts[] {
  let total = 0;
  if (only) for (const p of only.partOf) total += p === only.part ? 1 : 0;
  else total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Array<ContractFacts>(total);
  let position = 0;
  const strings = new Map<string | number, string | number>();
  const lists = new Map<string, readonly string[]>();
  let g = 0;
  for (const p of parts) {
    const values = p.values.map((v) => {
      let s = strings.get(v);
      if (s === undefined) strings.set(v, (s = v));
      return s;
    });
    const shared = p.lists.map((l) => {
      const key = l.join('\u0000');
      let s = lists.get(key);
      if (s === undefined) lists.set(key, (s = Object.freeze(l)));
      return s;
    });
    const source: ColumnSource = { c: p, values, lists: shared, bytes: Buffer.from(p.references.buffer, p.references.byteOffset, p.references.byteLength) };
    let at = 0;
    for (let k = 0; k < p.length; k++, position++) {
      const length = p.referenceLength[k];
      if (!only || only.partOf[position] === only.part) out[g++] = new ColumnFacts(source, k, at);
      if (length > 0) at += length;
    }
  }
  return out;
}

/** The analysis's plan of parts for contracts read as columns (one scratch object, none kept per contract). */
export function planOfColumns(parts: FactsColumns[], limits: PartitionLimits): PartitionPlan {
  const planner = new PartitionPlanner(parts.reduce((n, p) => n + p.length, 0));
  const scratch: { -readonly [K in keyof LinkFacts]: LinkFacts[K] } = { product: null, serviceCategory: null, councilCategory: null, supplierId: null, supplierGroupId: null };
  for (const p of parts) {
    const str = (i: number): string | null => (i < 0 ? null : (p.values[i] as string));
    for (let k = 0; k < p.length; k++) {
      scratch.product = str(p.product[k]);
      scratch.serviceCategory = str(p.serviceCategory[k]);
      scratch.councilCategory = str(p.councilCategory[k]);
      scratch.supplierId = p.supplierId[k] < 0 ? null : p.supplierId[k];
      scratch.supplierGroupId = p.supplierGroupId[k] < 0 ? null : p.values[p.supplierGroupId[k]];
      planner.add(scratch);
    }
  }
  return planner.plan(limits);
}
