import { addMonths, CalendarDate, toDayNumber } from '@app/ingest';
import type { ContractFacts } from './collaborative';

// The windows of the collaborative analysis: every contract's possible ends as day numbers in flat
// typed arrays, and the windows of `windowMonths` found over a group's ends sorted by day.

/**
 * A group's candidate ends (each contract's current end and its end after each option, inside
 * the horizon) in parallel typed arrays, sorted by day: at a million contracts, objects per
 * candidate cost more in allocation and garbage collection than the analysis itself.
 */
export interface Candidates {
  n: number;
  day: Int32Array;
  /** The day the window opening on this end closes. */
  close: Int32Array;
  /** Position of the contract in the input, and in the group. */
  global: Int32Array;
  local: Int32Array;
  council: Int32Array;
  optionsTaken: Int32Array;
  value: Float64Array;
}

/** Day numbers of date strings, and window closes, worked out once per distinct date (registers repeat month ends). */
export class DayCache {
  private readonly days = new Map<string, number>();
  private readonly closes = new Map<string, number>();

  constructor(private readonly windowMonths: number) {}

  day(date: CalendarDate): number {
    let d = this.days.get(date);
    if (d === undefined) this.days.set(date, (d = toDayNumber(date)));
    return d;
  }

  close(date: CalendarDate): number {
    let d = this.closes.get(date);
    if (d === undefined) this.closes.set(date, (d = toDayNumber(addMonths(date, this.windowMonths))));
    return d;
  }
}


/**
 * Every contract's ends as day numbers, and the close of the window each would open, in flat
 * arrays (contract i's are at offsets[i]..offsets[i+1]), worked out once for all three bases.
 * Contracts with the same terms share their list of ends, so each list is converted once.
 */
export interface EndDays {
  offsets: Int32Array;
  day: Int32Array;
  close: Int32Array;
}

export function endDaysOf(contracts: ContractFacts[], days: DayCache): EndDays {
  const offsets = new Int32Array(contracts.length + 1);
  for (let i = 0; i < contracts.length; i++) offsets[i + 1] = offsets[i] + (contracts[i].currentEndDate ? 1 + contracts[i].possibleEndDates.length : 0);
  const day = new Int32Array(offsets[contracts.length]);
  const close = new Int32Array(offsets[contracts.length]);
  const converted = new Map<readonly CalendarDate[], Int32Array>();
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    if (!c.currentEndDate) continue;
    const at = offsets[i];
    day[at] = days.day(c.currentEndDate);
    close[at] = days.close(c.currentEndDate);
    const ends = c.possibleEndDates;
    if (ends.length === 0) continue;
    let both = converted.get(ends);
    if (!both) {
      both = new Int32Array(ends.length * 2);
      for (let k = 0; k < ends.length; k++) {
        both[k] = days.day(ends[k]);
        both[ends.length + k] = days.close(ends[k]);
      }
      converted.set(ends, both);
    }
    for (let k = 0; k < ends.length; k++) {
      day[at + 1 + k] = both[k];
      close[at + 1 + k] = both[ends.length + k];
    }
  }
  return { offsets, day, close };
}

// Sort keys pack the day above the candidate's index: one numeric sort of a Float64Array.
const INDEX_BITS = 2 ** 24;

/**
 * What the windows need of each contract, read in one pass in input order: reading them from
 * the contract objects group by group jumps about the heap, and at a million contracts the
 * cache misses cost more than the analysis. Councils are numbered in code order, so sorting by
 * number sorts by code.
 */
export interface Columns {
  id: Float64Array;
  council: Int32Array;
  value: Float64Array;
  councils: number;
}

export function columnsOf(contracts: ContractFacts[]): Columns {
  const seen = new Map<string, number>();
  const council = new Int32Array(contracts.length);
  const value = new Float64Array(contracts.length);
  const id = new Float64Array(contracts.length);
  for (let g = 0; g < contracts.length; g++) {
    const c = contracts[g];
    id[g] = c.id;
    let i = seen.get(c.council);
    if (i === undefined) seen.set(c.council, (i = seen.size));
    council[g] = i;
    value[g] = c.annualValue ?? 0;
  }
  const inCodeOrder = new Int32Array(seen.size);
  [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).forEach(([, i], rank) => (inCodeOrder[i] = rank));
  for (let g = 0; g < contracts.length; g++) council[g] = inCodeOrder[council[g]];
  return { id, council, value, councils: seen.size };
}

export function candidatesOf(group: number[], columns: Columns, fromDay: number, toDay: number, ends: EndDays): Candidates {
  let n = 0;
  for (const g of group) for (let e = ends.offsets[g]; e < ends.offsets[g + 1]; e++) if (ends.day[e] >= fromDay && ends.day[e] <= toDay) n++;
  if (n >= INDEX_BITS) throw new Error(`too many candidate ends in one group (${n})`);
  // Unsorted: the flat end index and the position in the group; then sorted by day.
  const flat = new Int32Array(n);
  const localOf = new Int32Array(n);
  const keys = new Float64Array(n);
  let i = 0;
  for (let l = 0; l < group.length; l++) {
    const g = group[l];
    for (let e = ends.offsets[g]; e < ends.offsets[g + 1]; e++) {
      const d = ends.day[e];
      if (d < fromDay || d > toDay) continue;
      flat[i] = e;
      localOf[i] = l;
      keys[i] = d * INDEX_BITS + i;
      i++;
    }
  }
  keys.sort();
  const out: Candidates = {
    n, day: new Int32Array(n), close: new Int32Array(n), global: new Int32Array(n), local: new Int32Array(n),
    council: new Int32Array(n), optionsTaken: new Int32Array(n), value: new Float64Array(n),
  };
  for (let p = 0; p < n; p++) {
    const k = keys[p] % INDEX_BITS;
    const e = flat[k];
    const l = localOf[k];
    const g = group[l];
    out.day[p] = ends.day[e];
    out.close[p] = ends.close[e];
    out.global[p] = g;
    out.local[p] = l;
    out.council[p] = columns.council[g];
    out.optionsTaken[p] = e - ends.offsets[g];
    out.value[p] = columns.value[g];
  }
  return out;
}

/** Drops the candidates of contracts already taken by an opportunity, keeping the order. */
export function compact(x: Candidates, used: Uint8Array): void {
  let w = 0;
  for (let r = 0; r < x.n; r++) {
    if (used[x.global[r]]) continue;
    if (w !== r) {
      x.day[w] = x.day[r];
      x.close[w] = x.close[r];
      x.global[w] = x.global[r];
      x.local[w] = x.local[r];
      x.council[w] = x.council[r];
      x.optionsTaken[w] = x.optionsTaken[r];
      x.value[w] = x.value[r];
    }
    w++;
  }
  x.n = w;
}


/**
 * Every window that no other holds: a window (opening at one candidate end, `windowMonths` long)
 * whose contracts are not all in the window before it (one came in) nor in the one after it (one
 * leaves), with two councils or more. The strongest first (councils, then value), at most `limit`.
 * Used at the category level, where councils on different products and suppliers may line up in
 * several ways at once and each is worth showing.
 */
export function maximalWindows(x: Candidates, perContract: Int32Array, perCouncil: Int32Array, limit: number): { from: number; to: number; councils: number; value: number }[] {
  perContract.fill(0);
  perCouncil.fill(0);
  let councilsIn = 0;
  let value = 0;
  let j = 0;
  let grew = true;
  const out: { from: number; to: number; councils: number; value: number }[] = [];
  for (let i = 0; i < x.n; i++) {
    for (; j < x.n && x.day[j] <= x.close[i]; j++) {
      if (perContract[x.local[j]]++ === 0) {
        grew = true;
        if (perCouncil[x.council[j]]++ === 0) councilsIn++;
        value += x.value[j];
      }
    }
    const leaves = perContract[x.local[i]] === 1;
    if (grew && leaves && councilsIn >= 2) {
      // Open the window as early as its own contracts allow (their earlier ends that still fit), so
      // the plan uses the ends that need the fewest options.
      let from = i;
      while (from > 0 && perContract[x.local[from - 1]] > 0 && x.day[j - 1] <= x.close[from - 1]) from--;
      out.push({ from, to: j, councils: councilsIn, value });
      grew = false;
    }
    if (--perContract[x.local[i]] === 0) {
      if (--perCouncil[x.council[i]] === 0) councilsIn--;
      value -= x.value[i];
    }
  }
  return out.sort((a, b) => b.councils - a.councils || b.value - a.value || a.from - b.from).slice(0, limit);
}

/**
 * The window of `windowMonths` in which most councils can have one of their contracts end,
 * using the options each still has; ties go to more value, then the earlier window. Returns
 * the candidates inside it as [from, to).
 */
export function bestWindow(x: Candidates, perContract: Int32Array, perCouncil: Int32Array): { from: number; to: number } | null {
  // Two pointers over the ends in date order: [i, j) are the ends inside the window that opens at i.
  perContract.fill(0);
  perCouncil.fill(0);
  let councilsIn = 0;
  let value = 0;
  let j = 0;
  let bestI = -1;
  let bestJ = -1;
  let bestCouncils = 0;
  let bestValue = 0;
  for (let i = 0; i < x.n; i++) {
    const closes = x.close[i];
    for (; j < x.n && x.day[j] <= closes; j++) {
      if (perContract[x.local[j]]++ === 0) {
        if (perCouncil[x.council[j]]++ === 0) councilsIn++;
        value += x.value[j];
      }
    }
    if (bestI < 0 || councilsIn > bestCouncils || (councilsIn === bestCouncils && value > bestValue + 0.005)) {
      bestI = i;
      bestJ = j;
      bestCouncils = councilsIn;
      bestValue = value;
    }
    // i leaves the window before the next one opens.
    if (--perContract[x.local[i]] === 0) {
      if (--perCouncil[x.council[i]] === 0) councilsIn--;
      value -= x.value[i];
    }
  }
  if (bestI < 0 || bestCouncils < 2) return null;
  return { from: bestI, to: bestJ };
}

/**
 * Of each contract's ends in [from, to), the one nearest the moment every council can be out of
 * contract together: the latest of the contracts' earliest ends in the window (an option rather
 * than ending early). Returns candidate positions.
 */
export function choose(x: Candidates, from: number, to: number, chosenAt: Int32Array): number[] {
  // Sorted by day, so a contract's first candidate in the window is its earliest.
  let target = -Infinity;
  const picked: number[] = [];
  for (let k = from; k < to; k++) {
    if (chosenAt[x.local[k]] === -1) {
      chosenAt[x.local[k]] = k;
      picked.push(k);
      if (x.day[k] > target) target = x.day[k];
    }
  }
  for (let k = from; k < to; k++) {
    const l = x.local[k];
    if (Math.abs(x.day[k] - target) < Math.abs(x.day[chosenAt[l]] - target)) chosenAt[l] = k;
  }
  const out = picked.map((k) => chosenAt[x.local[k]]);
  for (const k of picked) chosenAt[x.local[k]] = -1;
  return out;
}

export function twoCouncils(x: Candidates): boolean {
  for (let k = 1; k < x.n; k++) if (x.council[k] !== x.council[0]) return true;
  return false;
}
