import { createHash } from 'node:crypto';
import { addMonths, CalendarDate, toDayNumber, toUkDate } from '@app/ingest';
import { decisionDateFor } from '@app/renewals';

/** What the analysis needs of a contract (already classified, with its renewal dates). */
export interface ContractFacts {
  id: number;
  council: string;
  reference: string | null;
  title: string | null;
  product: string | null;
  serviceCategory: string | null;
  supplierId: number | null;
  supplier: string | null;
  annualValue: number | null;
  currentEndDate: CalendarDate | null;
  /** Ends after each extension option, in order. */
  possibleEndDates: CalendarDate[];
  leadMonths: number;
}

export type Basis = 'product' | 'supplier-category' | 'category';

export interface PlanStep {
  contractId: number;
  council: string;
  reference: string | null;
  /** The end this plan uses: the current one, or after this many options. */
  end: CalendarDate;
  optionsTaken: number;
  decisionDate: CalendarDate;
  /** E.g. "S12000047 Fife: take 1 extension option to 31/03/2028". */
  action: string;
}

export interface CollaborativeOpportunity {
  /** Stable while the membership is: a hash of the basis, the key and the contracts. */
  id: string;
  kind: 'collaborative';
  basis: Basis;
  /** The product, "supplier id|category", or the category. */
  key: string;
  label: string;
  councils: string[];
  contractIds: number[];
  windowFrom: CalendarDate;
  windowTo: CalendarDate;
  plan: PlanStep[];
  annualValue: number;
  earliestDecisionDate: CalendarDate;
  score: number;
  /** Why the system thinks so, in words. */
  why: string[];
}

export interface AnalysisOptions {
  today: CalendarDate;
  /** Months within which the councils' ends must be brought (default 12). */
  windowMonths?: number;
  /** How far ahead to look for ends (default 6 years). */
  horizonMonths?: number;
  councilNames?: Record<string, string>;
}

interface Candidate {
  contract: ContractFacts;
  end: CalendarDate;
  day: number;
  optionsTaken: number;
  /** The contract's position in the input, and its and its council's positions within the group, for typed arrays. */
  global: number;
  local: number;
  councilIndex: number;
}

/** Day numbers of date strings, and window closes, worked out once per distinct date (registers repeat month ends). */
class DayCache {
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

function candidates(c: ContractFacts, fromDay: number, toDay: number, days: DayCache, global: number, local: number, councilIndex: number, out: Candidate[]): void {
  if (!c.currentEndDate) return;
  const ends = c.possibleEndDates;
  for (let i = -1; i < ends.length; i++) {
    const end = i < 0 ? c.currentEndDate : ends[i];
    const day = days.day(end);
    if (day >= fromDay && day <= toDay) out.push({ contract: c, end, day, optionsTaken: i + 1, global, local, councilIndex });
  }
}

function stableId(basis: Basis, key: string, contractIds: number[]): string {
  return createHash('sha256').update(`${basis}\u0000${key}\u0000${[...contractIds].sort((a, b) => a - b).join(',')}`).digest('hex').slice(0, 16);
}

/**
 * The window of `windowMonths` in which most councils can have one of their contracts end,
 * using the options each still has; ties go to more value, then the earlier window. For each
 * council in it, the contract ends chosen are the earliest inside the window.
 */
function bestWindow(all: Candidate[], days: DayCache, contracts: number, councils: number): { chosenFrom: number; chosenTo: number } | null {
  // Two pointers over the ends in date order: [i, j) are the ends inside the window that opens at all[i].
  const perContract = new Int32Array(contracts);
  const perCouncil = new Int32Array(councils);
  let councilsIn = 0;
  let value = 0;
  let j = 0;
  let best: { i: number; j: number; councils: number; value: number } | null = null;
  for (let i = 0; i < all.length; i++) {
    const closes = days.close(all[i].end);
    for (; j < all.length && all[j].day <= closes; j++) {
      const x = all[j];
      if (perContract[x.local]++ === 0) {
        if (perCouncil[x.councilIndex]++ === 0) councilsIn++;
        value += x.contract.annualValue ?? 0;
      }
    }
    if (!best || councilsIn > best.councils || (councilsIn === best.councils && value > best.value + 0.005)) best = { i, j, councils: councilsIn, value };
    // all[i] leaves the window before the next one opens.
    const x = all[i];
    if (--perContract[x.local] === 0) {
      if (--perCouncil[x.councilIndex] === 0) councilsIn--;
      value -= x.contract.annualValue ?? 0;
    }
  }
  if (!best || best.councils < 2) return null;
  return { chosenFrom: best.i, chosenTo: best.j };
}

/** Of each contract's ends in all[from, to), the one nearest the moment every council can be out of contract together. */
function choose(all: Candidate[], from: number, to: number): Candidate[] {
  // Each contract's ends in the window; the latest of their earliest ends is when all can be out
  // of contract together, so each takes the end nearest to it (an option rather than ending early).
  const inWindow = new Map<number, Candidate[]>();
  for (let k = from; k < to; k++) {
    const list = inWindow.get(all[k].contract.id);
    if (list) list.push(all[k]);
    else inWindow.set(all[k].contract.id, [all[k]]);
  }
  let target = -Infinity;
  for (const list of inWindow.values()) if (list[0].day > target) target = list[0].day;
  const byContract = new Map<number, Candidate>();
  for (const [id, list] of inWindow) byContract.set(id, list.reduce((a, b) => (Math.abs(b.day - target) < Math.abs(a.day - target) ? b : a)));
  return [...byContract.values()];
}

function twoCouncils(all: Candidate[]): boolean {
  for (const x of all) if (x.councilIndex !== all[0].councilIndex) return true;
  return false;
}

function action(x: Candidate, name: string): string {
  if (x.optionsTaken === 0) return `${name}: end as planned on ${toUkDate(x.end)}`;
  return `${name}: take ${x.optionsTaken === 1 ? 'the next extension option' : `${x.optionsTaken} extension options`} to ${toUkDate(x.end)}`;
}

/**
 * Collaborative procurement opportunities: two or more councils on the same product, or the
 * same supplier for the same category, or the same category, whose contracts can be brought to
 * end within one window using the options each still has. A contract joins one opportunity at
 * most, the most specific it qualifies for (product, then supplier and category, then category),
 * so one product's councils are never split between or merged with another's.
 */
export function collaborativeOpportunities(contracts: ContractFacts[], options: AnalysisOptions): CollaborativeOpportunity[] {
  const windowMonths = options.windowMonths ?? 12;
  const fromDay = toDayNumber(options.today);
  const toDay = toDayNumber(addMonths(options.today, options.horizonMonths ?? 72));
  const used = new Uint8Array(contracts.length);
  const days = new DayCache(windowMonths);
  const out: CollaborativeOpportunity[] = [];
  const name = (code: string) => (options.councilNames?.[code] ? `${code} ${options.councilNames[code]}` : code);
  const bases: [Basis, (c: ContractFacts) => string | null, (key: string, sample: ContractFacts) => string][] = [
    ['product', (c) => c.product, (k) => `Same product: ${k}`],
    ['supplier-category', (c) => (c.supplierId !== null && c.serviceCategory ? `${c.supplierId}|${c.serviceCategory}` : null), (_k, s) => `Same supplier and category: ${s.supplier}, ${s.serviceCategory}`],
    ['category', (c) => c.serviceCategory, (k) => `Same category: ${k}`],
  ];
  for (const [basis, keyOf, labelOf] of bases) {
    const groups = new Map<string, number[]>();
    for (let g = 0; g < contracts.length; g++) {
      if (used[g]) continue;
      const key = keyOf(contracts[g]);
      if (!key) continue;
      const list = groups.get(key);
      if (list) list.push(g);
      else groups.set(key, [g]);
    }
    for (const [key, group] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // The group's ends, sorted once; each window found takes its contracts out for the next.
      // Councils numbered in code order, so sorting by number sorts by code.
      const councilIndex = new Map([...new Set(group.map((g) => contracts[g].council))].sort().map((code, i) => [code, i]));
      let all: Candidate[] = [];
      group.forEach((g, local) => candidates(contracts[g], fromDay, toDay, days, g, local, councilIndex.get(contracts[g].council)!, all));
      all.sort((a, b) => a.day - b.day || a.contract.id - b.contract.id);
      for (;;) {
        all = all.filter((x) => !used[x.global]);
        if (!twoCouncils(all)) break;
        const w = bestWindow(all, days, group.length, councilIndex.size);
        if (!w) break;
        const chosen = choose(all, w.chosenFrom, w.chosenTo).sort((a, b) => a.councilIndex - b.councilIndex || a.day - b.day || a.contract.id - b.contract.id);
        for (const x of chosen) used[x.global] = 1;
        const plan = chosen.map((x) => ({
          contractId: x.contract.id, council: x.contract.council, reference: x.contract.reference, end: x.end, optionsTaken: x.optionsTaken,
          decisionDate: decisionDateFor(x.end, x.contract.leadMonths), action: action(x, name(x.contract.council)),
        }));
        const councils = [...new Set(chosen.map((x) => x.contract.council))].sort();
        let first = chosen[0];
        let last = chosen[0];
        for (const x of chosen) {
          if (x.day < first.day) first = x;
          if (x.day > last.day) last = x;
        }
        const spreadDays = last.day - first.day;
        const annualValue = Math.round(chosen.reduce((s, x) => s + (x.contract.annualValue ?? 0), 0) * 100) / 100;
        const earliestDecisionDate = plan.reduce((a, p) => (p.decisionDate < a ? p.decisionDate : a), plan[0].decisionDate);
        const monthsToDecision = (toDayNumber(earliestDecisionDate) - fromDay) / 30.44;
        // Councils count most; value (log scale), a tight fit and an early decision add to it.
        const tightness = 1 - spreadDays / (windowMonths * 30.44);
        const urgency = monthsToDecision <= 0 ? 1 : Math.max(0, 1 - monthsToDecision / 36);
        const score = Math.round((councils.length * 10 + Math.log10(1 + annualValue) * 2 + tightness * 3 + urgency * 3) * 100) / 100;
        const contractIds = chosen.map((x) => x.contract.id);
        out.push({
          id: stableId(basis, key, contractIds),
          kind: 'collaborative', basis, key, label: labelOf(key, chosen[0].contract), councils, contractIds,
          windowFrom: first.end, windowTo: last.end, plan, annualValue, earliestDecisionDate, score,
          why: [
            `${councils.length} councils ${basis === 'product' ? `run ${key}` : basis === 'category' ? `buy ${key}` : `buy ${chosen[0].contract.serviceCategory} from ${chosen[0].contract.supplier}`}`,
            `their contracts can all end between ${toUkDate(first.end)} and ${toUkDate(last.end)} (${Math.round(spreadDays / 30.44)} months apart; window ${windowMonths} months)${chosen.some((x) => x.optionsTaken > 0) ? ', using extension options' : ''}`,
            `combined annual value £${annualValue.toLocaleString('en-GB')}`,
            `earliest decision date ${toUkDate(earliestDecisionDate)}`,
          ],
        });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
