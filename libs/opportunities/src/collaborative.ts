import { createHash } from 'node:crypto';
import { addMonths, CalendarDate, toDayNumber, toUkDate } from '@app/ingest';
import { PlanText, presumedLines } from './plan-words';
import { bestWindow, Candidates, candidatesOf, choose, Columns, columnsOf, compact, DayCache, endDaysOf, EndDays, maximalWindows, twoCouncils } from './windows';

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
  /** The supplier's group (parent or family); the supplier itself when it has none. Null when no supplier. */
  supplierGroupId?: string | number | null;
  supplierGroup?: string | null;
  /**
   * The council's own category, folded to a key, when it maps onto no service category: contracts
   * of councils naming the same category are grouped on it where nothing better is known.
   */
  councilCategory?: string | null;
  /** Options presumed taken already because the register's end has passed (not confirmed by the council). */
  presumedOptionsTaken?: number;
  /** Other councils that are party to this contract (a joint contract); they already buy together. */
  jointCouncils?: readonly string[];
  annualValue: number | null;
  currentEndDate: CalendarDate | null;
  /** Ends after each extension option, in order. */
  possibleEndDates: readonly CalendarDate[];
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
  /** Options presumed taken already because the register's end has passed (absent when none): the council should confirm them. */
  presumedOptionsTaken?: number;
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

const endOf = (c: ContractFacts, optionsTaken: number): CalendarDate => (optionsTaken === 0 ? c.currentEndDate! : c.possibleEndDates[optionsTaken - 1]);

function stableId(basis: Basis, key: string, contractIds: number[]): string {
  return createHash('sha256').update(`${basis}\u0000${key}\u0000${[...contractIds].sort((a, b) => a - b).join(',')}`).digest('hex').slice(0, 16);
}

/** The supplier group a contract is bought from, as a key: the group where known, else the supplier. */
export function supplierGroupKey(c: Pick<ContractFacts, 'supplierGroupId' | 'supplierId'>): string | null {
  if (c.supplierGroupId !== undefined && c.supplierGroupId !== null) return `g${c.supplierGroupId}`;
  return c.supplierId !== null ? String(c.supplierId) : null;
}

/**
 * A finding's members (position, options taken) by council code, then contract id. When ids rise with
 * position (contracts read in id order, as the analysis reads them) council, position and options
 * are packed into one number and sorted natively: a comparator called tens of millions of times
 * across a national register's findings took seconds.
 */
function membersInOrder(chosen: number[], x: Candidates, joined: { g: number; taken: number }[], columns: Columns, idsAscending: boolean): [number, number][] {
  const n = chosen.length + joined.length;
  const packable = idsAscending && columns.councils < 4096 && columns.id.length < 2 ** 26 && joined.every((j) => j.taken < 256) && chosen.every((k) => x.optionsTaken[k] < 256);
  if (!packable) {
    const members: [number, number][] = [...chosen.map((k): [number, number] => [x.global[k], x.optionsTaken[k]]), ...joined.map((j): [number, number] => [j.g, j.taken])];
    return members.sort((a, b) => columns.council[a[0]] - columns.council[b[0]] || columns.id[a[0]] - columns.id[b[0]]);
  }
  const keys = new Float64Array(n);
  let i = 0;
  for (const k of chosen) keys[i++] = (columns.council[x.global[k]] * 2 ** 26 + x.global[k]) * 256 + x.optionsTaken[k];
  for (const j of joined) keys[i++] = (columns.council[j.g] * 2 ** 26 + j.g) * 256 + j.taken;
  keys.sort();
  const members = new Array<[number, number]>(n);
  for (let m = 0; m < n; m++) {
    const taken = keys[m] % 256;
    members[m] = [((keys[m] - taken) / 256) % 2 ** 26, taken];
  }
  return members;
}

/** supplierGroupKey of every contract, each distinct key one shared string. */
function supplierGroupKeys(contracts: ContractFacts[]): (string | null)[] {
  const byGroup = new Map<string | number, string>();
  const bySupplier = new Map<number, string>();
  const out = new Array<string | null>(contracts.length);
  for (let g = 0; g < contracts.length; g++) {
    const c = contracts[g];
    let key: string | null = null;
    if (c.supplierGroupId !== undefined && c.supplierGroupId !== null) {
      key = byGroup.get(c.supplierGroupId) ?? null;
      if (key === null) byGroup.set(c.supplierGroupId, (key = supplierGroupKey(c)!));
    } else if (c.supplierId !== null) {
      key = bySupplier.get(c.supplierId) ?? null;
      if (key === null) bySupplier.set(c.supplierId, (key = supplierGroupKey(c)!));
    }
    out[g] = key;
  }
  return out;
}

/** The service category, else the council's own category (kept apart from the taxonomy's names). */
export function categoryKey(c: Pick<ContractFacts, 'serviceCategory' | 'councilCategory'>): string | null {
  if (c.serviceCategory === NOT_IT) return null;
  if (c.serviceCategory) return c.serviceCategory;
  return c.councilCategory ? `council category: ${c.councilCategory}` : null;
}

export const NOT_IT = 'Not IT';

/**
 * Whether a contract with no product and no category can join a finding of its supplier group as
 * a relative: not when the register or an analyst says it is not IT (then it is known, not blank).
 */
export function mayJoinAsBlank(c: Pick<ContractFacts, 'product' | 'serviceCategory'>): boolean {
  return !c.product && c.serviceCategory !== NOT_IT;
}

/**
 * Each supplier group's main category: the category key in which it has most contracts (the first
 * by name on a tie). A contract from the group that gives no category is looked for there, and only
 * there: a supplier's blank row is most likely its main line of business, and one home keeps the
 * analysis of one category apart from every other's (see partitions.ts).
 */
export class HomeCategories {
  private readonly counts = new Map<string, Map<string, number>>();
  private home: Map<string, string> | null = null;

  add(group: string | null, category: string | null): void {
    if (group === null || category === null) return;
    let byCategory = this.counts.get(group);
    if (!byCategory) this.counts.set(group, (byCategory = new Map()));
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    this.home = null;
  }

  of(group: string): string | null {
    if (!this.home) {
      this.home = new Map();
      for (const [g, byCategory] of this.counts) {
        let best: string | null = null;
        let most = 0;
        for (const [category, n] of byCategory) if (n > most || (n === most && best !== null && category < best)) [best, most] = [category, n];
        if (best !== null) this.home.set(g, best);
      }
    }
    return this.home.get(group) ?? null;
  }
}
/** Findings kept per category: the strongest windows, so a dense national category stays readable. */
const MAX_CATEGORY_WINDOWS = 40;
/** Candidate ends beyond which a category window is not a finding: too broad for an analyst to act on. */
const MAX_CATEGORY_CANDIDATES = 2000;
/** Contracts in one category beyond which every alignment is not sought (see above). */
const MAX_CATEGORY_GROUP = 20_000;

/**
 * Contracts not yet taken that belong with an opportunity though its key does not name them:
 * for a product, a contract from the same supplier group in the product's service category whose
 * product was not recognised (keyed "<supplier group>|<category>"); for a supplier group and
 * category, a contract from that group with no category, when that category is the group's main
 * one (keyed "<supplier group>|?<category>"). Worked out once per analysis.
 */
function relativesOf(contracts: ContractFacts[], groupKeys: (string | null)[]): Map<string, number[]> {
  const homes = new HomeCategories();
  for (let g = 0; g < contracts.length; g++) homes.add(groupKeys[g], categoryKey(contracts[g]));
  // By group, then category: no key string is built per contract.
  const byGroup = new Map<string, Map<string, number[]>>();
  for (let g = 0; g < contracts.length; g++) {
    const c = contracts[g];
    if (!mayJoinAsBlank(c)) continue;
    const group = groupKeys[g];
    if (group === null) continue;
    const known = categoryKey(c);
    const home = known === null ? homes.of(group) : null;
    if (known === null && home === null) continue;
    const category = known ?? `?${home}`;
    let byCategory = byGroup.get(group);
    if (!byCategory) byGroup.set(group, (byCategory = new Map()));
    const list = byCategory.get(category);
    if (list) list.push(g);
    else byCategory.set(category, [g]);
  }
  const out = new Map<string, number[]>();
  for (const [group, byCategory] of byGroup) for (const [category, list] of byCategory) out.set(`${group}|${category}`, list);
  return out;
}

/**
 * Of a finding's relatives not yet taken, those with an end that keeps every end within one window
 * (no earlier than the latest end less a window, no later than the earliest plus one), each at its
 * end nearest the latest; they are marked taken.
 */
function joinRelatives(
  candidates: number[], used: Uint8Array, ends: EndDays, fromDay: number, firstDay: number, lastDay: number, span: number,
  /** At the category level: the councils already in the finding, by index; a relative joins only for a council not yet in it, one per council. */
  councils?: { of: Int32Array; in: Set<number> },
): { g: number; taken: number; day: number }[] {
  const joined: { g: number; taken: number; day: number }[] = [];
  let lo = firstDay;
  let hi = lastDay;
  for (const g of candidates) {
    if (used[g] || councils?.in.has(councils.of[g])) continue;
    let best = -1;
    for (let e = ends.offsets[g]; e < ends.offsets[g + 1]; e++) {
      const d = ends.day[e];
      if (d < fromDay || d < hi - span || d > lo + span) continue;
      if (best < 0 || Math.abs(d - lastDay) < Math.abs(ends.day[best] - lastDay)) best = e;
    }
    if (best < 0) continue;
    if (councils) councils.in.add(councils.of[g]);
    else used[g] = 1;
    joined.push({ g, taken: best - ends.offsets[g], day: ends.day[best] });
    lo = Math.min(lo, ends.day[best]);
    hi = Math.max(hi, ends.day[best]);
  }
  return joined;
}

/** The contracts not yet taken, grouped by the basis's key (no string built per contract). */
function groupsOf(contracts: ContractFacts[], used: Uint8Array, basis: Basis, groupKeys: (string | null)[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const bySupplier = new Map<string, Map<string, number[]>>();
  for (let g = 0; g < contracts.length; g++) {
    if (used[g]) continue;
    const c = contracts[g];
    let map = byKey;
    let key: string | null;
    if (basis === 'product') key = c.product;
    else if (basis === 'category') key = categoryKey(c);
    else {
      const group = groupKeys[g];
      key = group !== null ? categoryKey(c) : null;
      if (key) {
        let m = bySupplier.get(group!);
        if (!m) bySupplier.set(group!, (m = new Map()));
        map = m;
      }
    }
    if (!key) continue;
    const list = map.get(key);
    if (list) list.push(g);
    else map.set(key, [g]);
  }
  for (const [group, m] of bySupplier) for (const [category, list] of m) byKey.set(`${group}|${category}`, list);
  return byKey;
}

/**
 * Collaborative procurement opportunities: two or more councils buying the same category from
 * the same supplier group (named as the product when they all run one), the same product through
 * different suppliers, or the same category, whose contracts can be brought to end within one
 * window using the options each still has. At the supplier and product levels a contract joins
 * one finding at most; the category level looks at every contract again, so councils on different
 * products can still be found together, and a category finding that holds nothing more than one
 * supplier-level finding is left out.
 */
export function collaborativeOpportunities(contracts: ContractFacts[], options: AnalysisOptions): CollaborativeOpportunity[] {
  const windowMonths = options.windowMonths ?? 12;
  const fromDay = toDayNumber(options.today);
  const toDay = toDayNumber(addMonths(options.today, options.horizonMonths ?? 72));
  const used = new Uint8Array(contracts.length);
  const days = new DayCache(windowMonths);
  const name = (code: string) => (options.councilNames?.[code] ? `${code} ${options.councilNames[code]}` : code);
  const text = new PlanText(name);
  const ends = endDaysOf(contracts, days);
  const columns = columnsOf(contracts);
  let idsAscending = true;
  for (let g = 1; g < contracts.length && idsAscending; g++) idsAscending = columns.id[g] > columns.id[g - 1];
  const out: CollaborativeOpportunity[] = [];
  // Each contract's supplier group key, made once (one string per group, not one per contract and look).
  const groupKeys = supplierGroupKeys(contracts);
  const relatives = relativesOf(contracts, groupKeys);
  // Supplier group and category first (a product's councils are within it, whoever spells the supplier how);
  // then a product bought through different supplier groups (resellers); then, over every contract again, the category.
  const bases: [Basis, (key: string, sample: ContractFacts) => string][] = [
    ['supplier-category', (_k, s) => `Same supplier and category: ${s.supplierGroup ?? s.supplier}, ${categoryKey(s)}`],
    ['product', (k) => `Same product: ${k}`],
    ['category', (k) => `Same category: ${k.replace(/^council category: /, '')}`],
  ];
  // Product and supplier-level findings, by contract id: a category-level finding that holds nothing more is not repeated.
  // By position in the input (-1: none): a map of a million contract ids cost a third of a second.
  const holding = new Int32Array(contracts.length).fill(-1);
  const seenCategoryFindings = new Set<string>();
  for (const [basis, labelOf] of bases) {
    // The category level looks at every contract again: councils on different products and suppliers
    // can still buy a category together, and that finding must hold them all.
    const basisUsed = basis === 'category' ? new Uint8Array(contracts.length) : used;
    const groups = groupsOf(contracts, basisUsed, basis, groupKeys);
    for (const [key, whole] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // A category as large as a national register's is looked at as before: only the contracts no
      // supplier or product finding took, window after window (every alignment of it would be too broad to act on).
      const broad = basis === 'category' && whole.length > MAX_CATEGORY_GROUP;
      const group = broad ? whole.filter((g) => !used[g]) : whole;
      const u = broad ? used : basisUsed;
      // The group's ends, sorted once; each window found takes its contracts out for the next.
      const x = candidatesOf(group, columns, fromDay, toDay, ends);
      const perContract = new Int32Array(group.length);
      const perCouncil = new Int32Array(columns.councils);
      const chosenAt = new Int32Array(group.length).fill(-1);
      // At the category level every window no other holds is a finding; above it, the best window, then the next among what is left.
      const windows = basis === 'category' && !broad ? maximalWindows(x, perContract, perCouncil, MAX_CATEGORY_WINDOWS) : null;
      let nextWindow = 0;
      for (;;) {
        let w: { from: number; to: number } | null;
        if (windows) {
          if (nextWindow >= windows.length) break;
          w = windows[nextWindow++];
          // A category window holding thousands of contracts (a national register) is too broad to act on;
          // the supplier and product findings already cover its contracts.
          if (w.to - w.from > MAX_CATEGORY_CANDIDATES) continue;
        } else {
          if (!twoCouncils(x)) break;
          w = bestWindow(x, perContract, perCouncil);
          if (!w) break;
        }
        const chosen = choose(x, w.from, w.to, chosenAt).sort(
          (a, b) => x.council[a] - x.council[b] || x.day[a] - x.day[b] || columns.id[x.global[a]] - columns.id[x.global[b]],
        );
        let first = chosen[0];
        let last = chosen[0];
        let value = 0;
        for (const k of chosen) {
          u[x.global[k]] = 1;
          if (x.day[k] < x.day[first]) first = k;
          if (x.day[k] > x.day[last]) last = k;
          value += x.value[k];
        }
        const sample = contracts[x.global[chosen[0]]];
        // Members whose key the register did not give (product unrecognised, category blank) but which belong.
        // At the category level, for a council not yet in the finding: a contract with no category from a member's supplier group.
        const group = groupKeys[x.global[chosen[0]]];
        const span = x.close[first] - x.day[first];
        let joined: { g: number; taken: number; day: number }[];
        if (basis === 'category') {
          const groups = new Set<string>();
          for (const k of chosen) {
            const g = groupKeys[x.global[k]];
            if (g !== null) groups.add(g);
          }
          const candidates = [...groups].sort().flatMap((g) => relatives.get(`${g}|?${key}`) ?? []);
          const inFinding = { of: columns.council, in: new Set(chosen.map((k) => x.council[k])) };
          joined = candidates.length === 0 ? [] : joinRelatives(candidates, u, ends, fromDay, x.day[first], x.day[last], span, inFinding);
        } else {
          const relativeKey = basis === 'product' ? `${group}|${categoryKey(sample) ?? ''}` : `${group}|?${categoryKey(sample)}`;
          joined = group === null ? [] : joinRelatives(relatives.get(relativeKey) ?? [], u, ends, fromDay, x.day[first], x.day[last], span);
        }
        for (const j of joined) value += columns.value[j.g];
        let spreadFrom = x.day[first];
        let spreadTo = x.day[last];
        let windowFrom = endOf(contracts[x.global[first]], x.optionsTaken[first]);
        let windowTo = endOf(contracts[x.global[last]], x.optionsTaken[last]);
        for (const j of joined) {
          const end = endOf(contracts[j.g], j.taken);
          if (j.day < spreadFrom) [spreadFrom, windowFrom] = [j.day, end];
          if (j.day > spreadTo) [spreadTo, windowTo] = [j.day, end];
        }
        const spreadDays = spreadTo - spreadFrom;
        const extended = chosen.some((k) => x.optionsTaken[k] > 0) || joined.some((j) => j.taken > 0);
        const members = membersInOrder(chosen, x, joined, columns, idsAscending);
        // One pass over the members' facts (at national density, each read is a cache miss): products, presumed extensions, joint contracts.
        const products = new Set<string | null>();
        const presumed: ContractFacts[] = [];
        const partnered: ContractFacts[] = [];
        const plan: PlanStep[] = members.map(([g, taken]) => {
          const c = contracts[g];
          products.add(c.product);
          if (c.jointCouncils && c.jointCouncils.length > 0) partnered.push(c);
          const end = endOf(c, taken);
          const step: PlanStep = {
            contractId: c.id, council: c.council, reference: c.reference, end, optionsTaken: taken,
            decisionDate: text.decision(end, c.leadMonths), action: text.action(c.council, taken, end),
          };
          if ((c.presumedOptionsTaken ?? 0) > 0) {
            step.presumedOptionsTaken = c.presumedOptionsTaken;
            presumed.push(c);
          }
          return step;
        });
        if (!windows) compact(x, u);
        const councils = [...new Set(plan.map((p) => p.council))].sort();
        // Councils already party to a member as a joint contract buy together today: they join the opportunity, and the why says so.
        const jointly: string[] = [];
        for (const c of partnered) {
          const partners = c.jointCouncils!;
          jointly.push(`${[c.council, ...partners].map(name).join(' and ')} already buy this jointly (${c.reference ?? `contract ${c.id}`})`);
          for (const p of partners) if (!councils.includes(p)) councils.push(p);
        }
        councils.sort();
        const annualValue = Math.round(value * 100) / 100;
        let earliestDecisionDate = plan[0].decisionDate;
        for (const p of plan) if (p.decisionDate < earliestDecisionDate) earliestDecisionDate = p.decisionDate;
        const monthsToDecision = (toDayNumber(earliestDecisionDate) - fromDay) / 30.44;
        // Councils count most; value (log scale), a tight fit and an early decision add to it.
        const tightness = 1 - spreadDays / (windowMonths * 30.44);
        const urgency = monthsToDecision <= 0 ? 1 : Math.max(0, 1 - monthsToDecision / 36);
        const score = Math.round((councils.length * 10 + Math.log10(1 + annualValue) * 2 + tightness * 3 + urgency * 3) * 100) / 100;
        const contractIds = plan.map((p) => p.contractId);
        if (basis === 'category') {
          const first = holding[members[0][0]];
          if (first >= 0 && members.every(([g]) => holding[g] === first)) continue;
          const signature = [...contractIds].sort((a, b) => a - b).join(',');
          if (seenCategoryFindings.has(signature)) continue;
          seenCategoryFindings.add(signature);
        }
        // A supplier group's contracts in one category that are all one product are that product's finding.
        const namedProducts = [...products].filter((p): p is string => p !== null);
        const single = basis === 'supplier-category' && namedProducts.length === 1 ? namedProducts[0] : null;
        const unnamed = single ? members.filter(([g]) => contracts[g].product === null).map(([g]) => contracts[g].reference ?? `contract ${contracts[g].id}`) : [];
        const foundBasis: Basis = single ? 'product' : basis;
        const foundKey = single ?? key;
        if (basis !== 'category') for (const [g] of members) holding[g] = out.length;
        const named = namedProducts.sort();
        out.push({
          id: stableId(foundBasis, foundKey, contractIds),
          kind: 'collaborative', basis: foundBasis, key: foundKey, label: single ? `Same product: ${single}` : labelOf(key, sample), councils, contractIds,
          windowFrom, windowTo, plan, annualValue, earliestDecisionDate, score,
          why: [
            `${councils.length} councils ${foundBasis === 'product' ? `run ${foundKey}` : basis === 'category' ? `buy ${key}` : `buy ${categoryKey(sample)} from ${sample.supplierGroup ?? sample.supplier}`}`,
            ...(!single && named.length > 0 ? [`products named: ${named.join(', ')}`] : []),
            ...(unnamed.length > 0 ? [`${unnamed.length === 1 ? 'one contract joins' : `${unnamed.length} contracts join`} from the same supplier group and category with the product not named in the register: ${unnamed.join(', ')}`] : []),
            `their contracts can all end between ${toUkDate(windowFrom)} and ${toUkDate(windowTo)} (${Math.round(spreadDays / 30.44)} months apart; window ${windowMonths} months)${extended ? ', using extension options' : ''}`,
            `combined annual value £${annualValue.toLocaleString('en-GB')}`,
            `earliest decision date ${toUkDate(earliestDecisionDate)}`,
            ...(joined.length > 0
              ? [`${joined.length === 1 ? 'one contract joins' : `${joined.length} contracts join`} from ${basis === 'category' ? "a member's" : 'the same'} supplier group with ${basis === 'product' ? 'the product not named in the register' : 'no category given'}: ${joined.map((j) => contracts[j.g].reference ?? `contract ${contracts[j.g].id}`).join(', ')}`]
              : []),
            ...jointly,
            ...presumedLines(presumed, name),
          ],
        });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
