/**
 * Contracts as they really are (before any council writes them down): who, what, supplier,
 * dates, options, value. Registers are rendered from these in register-dialects.ts.
 */
import { addMonths, Day, fromYmd, toYmd, daysInMonth, wholeMonthsBetween } from './calendar';
import { ContractTemplate, DEPARTMENTS, TEMPLATES } from './contract-templates';
import { Rng } from './prng';
import { CouncilRef } from './reference-data';

export interface WorldContract {
  id: number;
  council: CouncilRef;
  /** Other councils party to a joint contract. */
  partners: CouncilRef[];
  template: ContractTemplate;
  category: string;
  product: string | null;
  supplierEntityId: string | null;
  title: string;
  description: string;
  start: Day;
  /** The end the register shows (original end plus any options already taken); null for rolling. */
  shownEnd: Day | null;
  /** Every option the contract ever had, in months, in order. */
  allOptions: number[];
  /** How many of allOptions have been exercised already (included in shownEnd). */
  taken: number;
  annual: number;
  reference: string;
  department: string;
  plantedGroup: string | null;
  flags: { blankCategory: boolean; blankStart: boolean; preferBare: boolean; mentionProduct: boolean | null };
  route: string;
  contact: string;
  notes: string;
  lot: string;
  sme: boolean;
  awardDate: Day;
}

export function remainingOptions(c: WorldContract): number[] {
  return c.allOptions.slice(c.taken);
}

/** Months from start to the shown end (inclusive of the end day). */
export function termMonths(start: Day, end: Day): number {
  return wholeMonthsBetween(start, end + 1);
}

export const OPTION_PATTERNS: readonly (readonly [number[], number])[] = [
  [[], 34], [[12, 12], 18], [[24, 12], 9], [[12], 10], [[24], 8], [[12, 12, 12], 6], [[6, 6], 3], [[36], 3], [[24, 24], 2], [[6], 2], [[12, 12, 12, 12], 1],
];

const ROUTES = [
  'Open procedure', 'Framework call-off', 'Mini-competition (SG framework)', 'Direct award (framework)', 'CCS RM6098 call-off',
  'Scotland Excel framework', 'Quick quote', 'Negotiated without prior publication', 'Restricted procedure', 'G-Cloud 13', 'Further competition',
];
const FIRST = ['J.', 'A.', 'K.', 'M.', 'S.', 'R.', 'L.', 'C.', 'D.', 'E.'];
const SURNAMES = ['MacDonald', 'Campbell', 'Stewart', 'Robertson', 'Thomson', 'Anderson', 'Scott', 'Murray', 'Reid', 'Clark', 'Ross', 'Paterson', 'Fraser', 'McLean'];
const NOTES = [
  '', '', '', '', 'Call-off from SG framework SP-19-019', 'Extended under reg. 72', 'Shared with HSCP', 'Annual uplift CPI', 'Review due',
  'Includes hosting', 'Licences + support', 'See CMT report 14/22', 'Price fixed for initial term', 'Budget: revenue',
  'Contract novated from previous supplier', 'Part-funded by Scottish Government', 'Renewal under consideration',
];

export type RefPattern = (n: number, startYear: number) => string;

export function makeRefPattern(rng: Rng, council: CouncilRef): RefPattern {
  const c = council.code3;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const patterns: RefPattern[] = [
    (n, y) => `${c}-ICT-${y}-${pad(n, 3)}`,
    (n) => `CR${pad(n, 5)}`,
    (n, y) => `ICT/${String(y).slice(2)}/${pad(n, 3)}`,
    (n) => String(1000 + n),
    (n) => `C-${pad(n, 4)}`,
    (n, y) => `PCS-${y}-${pad(n, 4)}`,
    (n) => `${c}${pad(n, 6)}`,
    (n) => `DS${pad(n, 3)}`,
    (n, y) => `${y}/${pad(n, 3)}`,
    (n) => `CON${pad(n, 4)}`,
  ];
  return rng.pick(patterns);
}

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(rng.float(Math.log(lo), Math.log(hi)));
}

export function realisticAmount(rng: Rng, lo: number, hi: number): number {
  const v = logUniform(rng, lo, hi);
  const style = rng.weighted([['exact', 4], ['pence', 2], ['round1000', 2], ['round5000', 1]] as const);
  switch (style) {
    case 'exact': return Math.round(v);
    case 'pence': return Math.round(v * 100) / 100;
    case 'round1000': return Math.max(1000, Math.round(v / 1000) * 1000);
    case 'round5000': return Math.max(5000, Math.round(v / 5000) * 5000);
  }
}

export function endOfMonth(day: Day): Day {
  const { y, m } = toYmd(day);
  return fromYmd(y, m, daysInMonth(y, m));
}

/**
 * Start and shown end for a contract whose shown end is about `monthsFromToday` months from today
 * and which has run `totalMonths` (initial term plus taken options). Ends are month-ends or the
 * day before a start day of 2..28, so that month arithmetic is unambiguous.
 */
export function datesForEnd(rng: Rng, today: Day, monthsFromToday: number, totalMonths: number): { start: Day; end: Day } {
  if (rng.chance(0.7)) {
    const end = endOfMonth(addMonths(today, monthsFromToday));
    return { start: addMonths(end + 1, -totalMonths), end };
  }
  const anchor = addMonths(today, monthsFromToday - totalMonths);
  const { y, m } = toYmd(anchor);
  const start = fromYmd(y, m, rng.int(2, 28));
  return { start, end: addMonths(start, totalMonths) - 1 };
}

export interface ContractFactory {
  nextId(): number;
  nextRef(council: CouncilRef, startYear: number): string;
}

export function makeContractFactory(rng: Rng, councils: readonly CouncilRef[]): ContractFactory {
  let id = 0;
  const patterns = new Map<string, RefPattern>();
  const counters = new Map<string, number>();
  for (const c of councils) {
    patterns.set(c.gss, makeRefPattern(rng, c));
    counters.set(c.gss, rng.int(1, 400));
  }
  return {
    nextId: () => ++id,
    nextRef: (council, startYear) => {
      const n = (counters.get(council.gss) ?? 1) + 1 + (id % 3);
      counters.set(council.gss, n);
      return (patterns.get(council.gss) as RefPattern)(n, startYear);
    },
  };
}

function decorateTitle(rng: Rng, base: string, start: Day, end: Day | null): string {
  let title = base;
  const sy = toYmd(start).y;
  const r = rng.next();
  if (r < 0.07 && end !== null) {
    const ey = toYmd(end).y;
    title += rng.pick([` ${sy}-${ey}`, ` ${sy}–${ey}`, ` (${sy}/${String(ey).slice(2)})`, ` ${sy} - ${ey}`]);
  } else if (r < 0.11) {
    title += rng.pick([' (call-off from SG framework SP-18-014)', ' - CCS RM6098 call-off', ' via Scotland Excel', ' (G-Cloud)', ' - further competition']);
  } else if (r < 0.14) {
    title = `${rng.pick(['Lot 1', 'Lot 2', 'Lot 3'])} - ${title}`;
  } else if (r < 0.17) {
    title = `Provision of ${lowerFirst(title)}`;
  } else if (r < 0.19) {
    title = title.replace(/ - /, '\n') === title ? `${title}\n(renewal)` : title.replace(/ - /, '\n');
  }
  return title;
}

function makeTitle(rng: Rng, tpl: ContractTemplate, mention: boolean | null): string {
  const canMention = tpl.product !== null && tpl.productTitles.length > 0 && tpl.mentions.length > 0;
  const useMention = canMention && (mention === null ? rng.chance(0.55) : mention);
  if (!useMention) return rng.pick(tpl.genericTitles);
  let m = rng.pick(tpl.mentions);
  if (rng.chance(0.06)) m = `‘${m}’`;
  return rng.pick(tpl.productTitles).replace('{p}', m);
}

function lowerFirst(t: string): string {
  return /^[A-Z][a-z]/.test(t) ? `${t[0].toLowerCase()}${t.slice(1)}` : t;
}

function makeDescription(rng: Rng, title: string, council: CouncilRef): string {
  const t = title.replace(/\n/g, ' ');
  const lead = rng.pick([
    `Provision of ${lowerFirst(t)} for ${council.official}.`,
    `${t}. The Council requires a supplier to provide, support and maintain the service.`,
    `${council.official} contract for ${lowerFirst(t)}, including licences, support and maintenance.`,
  ]);
  const extra = rng.chance(0.35)
    ? rng.pick([
      '\nScope includes implementation, training and annual support.',
      '\n\nThe service is delivered on a hosted basis; the supplier is responsible for upgrades.',
      ' Awarded following evaluation on a 60/40 quality/price basis.',
      '\nThis requirement was let under a national framework, lot 2.',
    ])
    : '';
  return lead + extra;
}

export interface MakeContractOptions {
  council: CouncilRef;
  template: ContractTemplate;
  today: Day;
  /** Can the council's register express extension options? If not, the contract has none. */
  extensionCapable: boolean;
  /** Can the register say options were already taken? */
  canShowTaken: boolean;
  factory: ContractFactory;
  partners?: CouncilRef[];
  forced?: {
    entityId?: string;
    shownEnd?: Day;
    allOptions?: number[];
    taken?: number;
    noOptions?: boolean;
    mentionProduct?: boolean;
    plantedGroup?: string;
    flags?: Partial<WorldContract['flags']>;
    monthsFromToday?: number;
  };
}

export function makeContract(rng: Rng, o: MakeContractOptions): WorldContract {
  const tpl = o.template;
  const f = o.forced ?? {};
  const supplierEntityId = f.entityId ?? (rng.chance(0.04) ? null : rng.pick(tpl.suppliers));
  const termYears = rng.pick(tpl.termYears);
  let initialMonths = rng.chance(0.06) ? rng.pick([6, 18, 30, 42]) : termYears * 12;
  let allOptions = f.allOptions ?? (o.extensionCapable && !f.noOptions ? rng.weighted(OPTION_PATTERNS).slice() : []);
  if (!o.extensionCapable && !f.allOptions) allOptions = [];
  let taken = f.taken ?? 0;
  if (f.taken === undefined && o.canShowTaken && allOptions.length >= 2 && rng.chance(0.15)) taken = rng.int(1, allOptions.length - 1);
  const takenMonths = allOptions.slice(0, taken).reduce((a, b) => a + b, 0);
  const rolling = f.shownEnd === undefined && f.monthsFromToday === undefined && rng.chance(0.02);
  let start: Day;
  let shownEnd: Day | null;
  if (f.shownEnd !== undefined) {
    shownEnd = f.shownEnd;
    // a register lists contracts that have started or start within a few months: lengthen the
    // initial term (in whole years) when the forced end is far away
    const ahead = wholeMonthsBetween(o.today, shownEnd) - takenMonths - rng.int(0, 5);
    if (initialMonths < ahead) initialMonths = Math.ceil(ahead / 12) * 12;
    start = addMonths(shownEnd + 1, -(initialMonths + takenMonths));
  } else {
    if (f.monthsFromToday !== undefined) {
      const ahead = f.monthsFromToday - takenMonths - rng.int(0, 5);
      if (initialMonths < ahead) initialMonths = Math.ceil(ahead / 12) * 12;
    }
    const total = initialMonths + takenMonths;
    // registers are mostly live contracts, with a tail of lapsed ones nobody removed
    const monthsFromToday = f.monthsFromToday ?? (rng.chance(0.86) ? rng.int(-6, Math.min(84, total + 5)) : rng.int(-30, -7));
    const d = datesForEnd(rng, o.today, monthsFromToday, initialMonths + takenMonths);
    start = d.start;
    shownEnd = d.end;
  }
  // most contracts whose end has passed were simply let lapse (or re-let): only some still carry
  // unexercised options in the register
  if (f.allOptions === undefined && shownEnd !== null && shownEnd < o.today && allOptions.length > taken && rng.chance(0.55)) {
    allOptions = allOptions.slice(0, taken);
  }
  if (rolling) {
    allOptions = [];
    taken = 0;
    shownEnd = null;
  }
  const title = decorateTitle(rng, makeTitle(rng, tpl, f.mentionProduct ?? null), start, shownEnd);
  const c: WorldContract = {
    id: o.factory.nextId(),
    council: o.council,
    partners: o.partners ?? [],
    template: tpl,
    category: tpl.category,
    product: tpl.product,
    supplierEntityId,
    title,
    description: makeDescription(rng, title, o.council),
    start,
    shownEnd,
    allOptions,
    taken,
    annual: realisticAmount(rng, tpl.annual[0], tpl.annual[1]),
    reference: o.factory.nextRef(o.council, toYmd(start).y),
    department: rng.pick(DEPARTMENTS),
    plantedGroup: f.plantedGroup ?? null,
    flags: { blankCategory: false, blankStart: false, preferBare: false, mentionProduct: f.mentionProduct ?? null, ...(f.flags ?? {}) },
    route: rng.pick(ROUTES),
    contact: rng.chance(0.5) ? `${rng.pick(FIRST)} ${rng.pick(SURNAMES)}` : `${rng.pick(FIRST).slice(0, 1).toLowerCase()}${rng.pick(SURNAMES).toLowerCase()}@${o.council.nice.toLowerCase().replace(/[^a-z]/g, '')}.gov.uk`,
    notes: rng.pick(NOTES),
    lot: rng.chance(0.3) ? String(rng.int(1, 4)) : '',
    sme: rng.chance(0.3),
    awardDate: start - rng.int(7, 90),
  };
  return c;
}

/** Picks a template by weight, excluding some categories (those planted for this council). */
export function pickTemplate(rng: Rng, excludedCategories: ReadonlySet<string>): ContractTemplate {
  const items = TEMPLATES.filter((t) => !excludedCategories.has(t.category)).map((t) => [t, t.weight] as const);
  return rng.weighted(items);
}
