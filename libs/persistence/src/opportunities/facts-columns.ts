import { ContractFacts } from '@app/opportunities';

/**
 * Contracts' facts as columns: typed arrays for numbers, and for every repeated value (councils,
 * products, suppliers, dates, lists of dates) an index into a table of distinct values. A reading
 * thread fills one and hands it to the analysis without copying (the arrays' buffers are
 * transferred); `factsOf` makes the objects the engine works on, sharing one copy of each value.
 */
export interface FactsColumns {
  length: number;
  id: Float64Array;
  supplierId: Float64Array;
  annualValue: Float64Array;
  leadMonths: Float64Array;
  presumedOptionsTaken: Float64Array;
  /** Indexes into `values` (-1: null). */
  council: Int32Array;
  product: Int32Array;
  serviceCategory: Int32Array;
  supplier: Int32Array;
  supplierGroupId: Int32Array;
  supplierGroup: Int32Array;
  councilCategory: Int32Array;
  currentEndDate: Int32Array;
  /** Indexes into `lists` (-1: none). */
  possibleEndDates: Int32Array;
  jointCouncils: Int32Array;
  /** Every contract's reference end to end, with each one's length (-1: null). */
  references: string;
  referenceLength: Int32Array;
  values: (string | number)[];
  lists: string[][];
}

const NUMBERS = ['id', 'supplierId', 'annualValue', 'leadMonths', 'presumedOptionsTaken'] as const;
const VALUES = ['council', 'product', 'serviceCategory', 'supplier', 'supplierGroupId', 'supplierGroup', 'councilCategory', 'currentEndDate'] as const;
const LISTS = ['possibleEndDates', 'jointCouncils'] as const;

/** The buffers to transfer with a FactsColumns. */
export function buffersOf(c: FactsColumns): ArrayBuffer[] {
  return [...NUMBERS, ...VALUES, ...LISTS, 'referenceLength' as const].map((k) => c[k].buffer as ArrayBuffer);
}

/** Fills columns of `capacity` contracts, one at a time. */
export class FactsColumnsWriter {
  private readonly c: FactsColumns;
  private readonly valueIndex = new Map<string | number, number>();
  private readonly listIndex = new Map<readonly string[], number>();
  private readonly listByKey = new Map<string, number>();
  private readonly refs: string[] = [];

  constructor(private readonly capacity: number) {
    const f64 = () => new Float64Array(capacity);
    const i32 = () => new Int32Array(capacity);
    this.c = {
      length: 0, id: f64(), supplierId: f64(), annualValue: f64(), leadMonths: f64(), presumedOptionsTaken: f64(),
      council: i32(), product: i32(), serviceCategory: i32(), supplier: i32(), supplierGroupId: i32(), supplierGroup: i32(), councilCategory: i32(), currentEndDate: i32(),
      possibleEndDates: i32(), jointCouncils: i32(), references: '', referenceLength: i32(), values: [], lists: [],
    };
  }

  add(f: ContractFacts): void {
    const c = this.c;
    const g = c.length;
    if (g >= this.capacity) throw new Error(`more contracts than the ${this.capacity} expected`);
    c.id[g] = f.id;
    c.supplierId[g] = f.supplierId ?? NaN;
    c.annualValue[g] = f.annualValue ?? NaN;
    c.leadMonths[g] = f.leadMonths;
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
    c.referenceLength[g] = f.reference === null ? -1 : f.reference.length;
    if (f.reference !== null) this.refs.push(f.reference);
    c.length = g + 1;
  }

  finish(): FactsColumns {
    this.c.references = this.refs.join('');
    this.refs.length = 0;
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

/**
 * The facts of every contract in `parts`, in order. Values equal across parts are one value
 * (one string per council or product for the whole run; one frozen list per distinct list).
 */
export function factsOf(parts: FactsColumns[]): ContractFacts[] {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Array<ContractFacts>(total);
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
    const str = (i: number): string | null => (i < 0 ? null : (values[i] as string));
    const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
    let at = 0;
    for (let k = 0; k < p.length; k++) {
      const length = p.referenceLength[k];
      const reference = length < 0 ? null : p.references.slice(at, (at += length));
      const groupId = p.supplierGroupId[k];
      out[g++] = {
        id: p.id[k], council: values[p.council[k]] as string, reference, title: null,
        product: str(p.product[k]), serviceCategory: str(p.serviceCategory[k]),
        supplierId: num(p.supplierId[k]), supplier: str(p.supplier[k]), supplierGroupId: groupId < 0 ? null : values[groupId], supplierGroup: str(p.supplierGroup[k]),
        councilCategory: str(p.councilCategory[k]), jointCouncils: p.jointCouncils[k] < 0 ? NONE : shared[p.jointCouncils[k]],
        annualValue: num(p.annualValue[k]), currentEndDate: str(p.currentEndDate[k]),
        possibleEndDates: p.possibleEndDates[k] < 0 ? NONE : shared[p.possibleEndDates[k]],
        leadMonths: p.leadMonths[k], presumedOptionsTaken: p.presumedOptionsTaken[k],
      };
    }
  }
  return out;
}
