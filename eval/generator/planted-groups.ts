/**
 * The six planted groups: councils whose contracts for the same product / supplier group and
 * category / category end more than 12 months apart, but can be brought into one 12-month window
 * (between today + 9 months and today + 5 years) by taking extension options in order. Also
 * noise: contracts of the same kind in other councils, most of which cannot be aligned.
 */
import { addMonths, Day, fromYmd, toIso, toYmd, wholeMonthsBetween } from './calendar';
import { template } from './contract-templates';
import { ContractFactory, endOfMonth, makeContract, WorldContract } from './contract-world';
import { Rng } from './prng';
import { CouncilRef } from './reference-data';
import { PlantedGroup } from './truth';

export type Basis = PlantedGroup['basis'];

interface Candidate {
  basis: Basis;
  category: string;
  /** (template key, supplier entity id or null for the template's own choice) per member, used round-robin. */
  slots: readonly (readonly [string, string | null])[];
  label: string;
}

const PRODUCT_CANDIDATES: readonly Candidate[] = [
  { basis: 'product', category: 'Libraries', slots: [['spydus', null]], label: 'Spydus (Civica)' },
  { basis: 'product', category: 'Planning & Building Standards', slots: [['uniform', null]], label: 'Uniform (Idox)' },
  { basis: 'product', category: 'Social care case management', slots: [['mosaic', null]], label: 'Mosaic (Access)' },
  { basis: 'product', category: 'Democracy & elections', slots: [['modern-gov', null]], label: 'Modern.Gov (Civica)' },
  { basis: 'product', category: 'Waste & environment', slots: [['bartec', null]], label: 'Collective (Bartec)' },
  { basis: 'product', category: 'GIS & property', slots: [['arcgis', null]], label: 'ArcGIS (Esri UK)' },
  { basis: 'product', category: 'Highways & transport', slots: [['confirm', null]], label: 'Confirm (Brightly)' },
  { basis: 'product', category: 'Revenues & Benefits', slots: [['nec-revs', null]], label: 'NEC Revenues & Benefits' },
];

const SUPPLIER_GROUP_CANDIDATES: readonly Candidate[] = [
  { basis: 'supplier-group-and-category', category: 'Social care case management', slots: [['carefirst', 'e-systemc'], ['las', 'e-liquidlogic'], ['lcs', 'e-liquidlogic']], label: 'System C group (System C Healthcare, Liquidlogic) social care' },
  { basis: 'supplier-group-and-category', category: 'Democracy & elections', slots: [['modern-gov', 'e-civica-uk'], ['xpress', 'e-civica-elections'], ['xpress', 'e-civica-uk']], label: 'Civica group democracy & elections' },
  { basis: 'supplier-group-and-category', category: 'Network & WAN', slots: [['wan', 'e-bt'], ['wan', 'e-openreach']], label: 'BT group (BT plc, Openreach) network' },
  { basis: 'supplier-group-and-category', category: 'Mobile', slots: [['mobile', 'e-o2'], ['mobile', 'e-vmo2-business']], label: 'Virgin Media O2 group (Telefonica UK, VMO2 Business) mobile' },
  { basis: 'supplier-group-and-category', category: 'End-user devices', slots: [['devices', 'e-cc-uk'], ['devices', 'e-cc-plc']], label: 'Computacenter group end-user devices' },
];

const CATEGORY_CANDIDATES: readonly Candidate[] = [
  { basis: 'category', category: 'Web CMS', slots: [['jadu-central', null], ['web-other', null]], label: 'Web CMS (any supplier)' },
  { basis: 'category', category: 'HR & Payroll', slots: [['itrent', null], ['sap-hr', null]], label: 'HR & Payroll (any supplier)' },
  { basis: 'category', category: 'Telephony', slots: [['telephony', null], ['netcall-cc', null]], label: 'Telephony (any supplier)' },
  { basis: 'category', category: 'Security', slots: [['security', null]], label: 'Security (any supplier)' },
  { basis: 'category', category: 'Print', slots: [['mfd', null], ['ricoh-mps', null]], label: 'Print (any supplier)' },
  { basis: 'category', category: 'Hosting', slots: [['hosting', null]], label: 'Hosting (any supplier)' },
];

const MEMBER_OPTION_PATTERNS: readonly (readonly [number[], number])[] = [
  [[12, 12], 5], [[24, 12], 3], [[12], 2], [[24], 3], [[12, 12, 12], 3], [[6, 6], 1], [[36], 1], [[24, 24], 1], [[], 1],
];

const PAST_MEMBER_PATTERNS: readonly number[][] = [
  [12], [24], [12, 12], [24, 12], [12, 12, 12], [24, 24], [36], [24, 12, 12], [36, 24], [24, 24, 12], [12, 12, 12, 12],
  [36, 12], [24, 24, 24], [36, 12, 12], [12, 12, 24], [36, 36],
];

export interface MemberPlan {
  council: CouncilRef;
  /** Current end the register shows. */
  shownEnd: Day;
  /** Options still available. */
  options: number[];
  /** How many of them this member takes for the alignment. */
  take: number;
  alignedEnd: Day;
  past: boolean;
}

export interface GroupPlan {
  windowStart: Day;
  windowEnd: Day;
  members: MemberPlan[];
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Candidate aligned ends: the current end, then after each option taken in order. */
export function alignedEnds(end: Day, options: number[]): Day[] {
  const out = [end];
  let e = end;
  for (const o of options) {
    e = addMonths(e, o);
    out.push(e);
  }
  return out;
}

/** Plans the ends and options of one group's members (see module comment). */
export function planAlignment(rng: Rng, today: Day, councils: CouncilRef[]): GroupPlan {
  const n = councils.length;
  const { y, m } = toYmd(today);
  const firstOfMonth = fromYmd(y, m, 1);
  let windowStart = addMonths(firstOfMonth, 10);
  for (let attempt = 0; attempt < 20000; attempt++) {
    // keep a window for many tries so that near windows (harder to satisfy) are not crowded out
    if (attempt % 400 === 0) windowStart = addMonths(firstOfMonth, rng.int(10, 46));
    const windowEnd = addMonths(windowStart, 12) - 1;
    const pastIndex = rng.int(0, n - 1);
    const members: MemberPlan[] = [];
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const monthIn = addMonths(windowStart, rng.int(1, 10));
      const t = toYmd(monthIn);
      const target = rng.chance(0.75) ? endOfMonth(monthIn) : fromYmd(t.y, t.m, rng.pick([1, 14, 15, 27]));
      let options: number[];
      let take: number;
      if (i === pastIndex) {
        // the member whose end has already passed: a realistic option pattern with a prefix that
        // reaches from 1-24 months ago into the window
        const ahead = wholeMonthsBetween(today, target);
        const valid: [number[], number][] = [];
        for (const p of PAST_MEMBER_PATTERNS) {
          let s = 0;
          p.forEach((o, j) => {
            s += o;
            if (s >= ahead + 1 && s <= ahead + 24) valid.push([p, j + 1]);
          });
        }
        if (valid.length === 0) {
          ok = false;
          break;
        }
        const [p, j] = rng.pick(valid);
        options = p.slice();
        take = j;
      } else {
        options = rng.weighted(MEMBER_OPTION_PATTERNS).slice();
        take = rng.int(0, options.length);
      }
      const shownEnd = addMonths(target, -sum(options.slice(0, take)));
      const past = shownEnd < today;
      if (i === pastIndex && (!past || shownEnd < addMonths(today, -30) || take === 0)) ok = false;
      if (i !== pastIndex && shownEnd < addMonths(today, 1)) ok = false;
      members.push({ council: councils[i], shownEnd, options, take, alignedEnd: target, past });
    }
    if (!ok) continue;
    const ends = members.map((mm) => mm.shownEnd).sort((a, b) => a - b);
    if (wholeMonthsBetween(ends[0], ends[ends.length - 1]) < 15) continue;
    if (members.filter((mm) => mm.take > 0).length < 2) continue;
    // sanity: every aligned end really is one of the member's candidates, inside the window
    for (const mm of members) {
      const cands = alignedEnds(mm.shownEnd, mm.options);
      if (cands[mm.take] !== mm.alignedEnd || mm.alignedEnd < windowStart || mm.alignedEnd > windowEnd) ok = false;
    }
    if (ok) return { windowStart, windowEnd, members };
  }
  throw new Error('could not plan a planted group alignment');
}

export interface PlantingInput {
  today: Day;
  councils: readonly CouncilRef[];
  /** Councils whose register can state extension options. */
  extensionCapable: (c: CouncilRef) => boolean;
  canShowTaken: (c: CouncilRef) => boolean;
  factory: ContractFactory;
}

export interface PlantingResult {
  groups: { group: Omit<PlantedGroup, 'members'>; contracts: WorldContract[] }[];
  noise: WorldContract[];
  /** Categories a member council must not get more contracts in (so the planted one is unique). */
  excluded: Map<string, Set<string>>;
}

function chooseCandidates(rng: Rng): Candidate[] {
  for (let attempt = 0; attempt < 500; attempt++) {
    const nProduct = rng.pick([2, 3]);
    const nCategory = 6 - 2 - nProduct;
    const chosen = [
      ...rng.sample(PRODUCT_CANDIDATES, nProduct),
      ...rng.sample(SUPPLIER_GROUP_CANDIDATES, 2),
      ...rng.sample(CATEGORY_CANDIDATES, nCategory),
    ];
    const cats = new Set(chosen.map((c) => c.category));
    if (cats.size === chosen.length) return chosen;
  }
  throw new Error('could not choose planted group candidates');
}

export function plantGroups(rng: Rng, input: PlantingInput): PlantingResult {
  const { today, councils, factory } = input;
  const candidates = chooseCandidates(rng);
  const capable = councils.filter(input.extensionCapable);
  const excluded = new Map<string, Set<string>>();
  const groups: PlantingResult['groups'] = [];
  const noise: WorldContract[] = [];
  candidates.forEach((cand, gi) => {
    const id = `pg-${gi + 1}-${cand.basis === 'product' ? 'product' : cand.basis === 'category' ? 'category' : 'supplier'}`;
    const size = rng.int(3, Math.min(6, capable.length));
    const members = rng.sample(capable, size);
    const plan = planAlignment(rng.fork(id), today, members);
    const slots = rng.shuffle(cand.slots);
    const mentionCount = Math.ceil(size / 2);
    const blankCategoryIdx = new Set(rng.sample([...Array(size).keys()], rng.int(1, 2)));
    const blankStartIdx = rng.int(0, size - 1);
    const contracts: WorldContract[] = plan.members.map((mp, i) => {
      const [tplKey, entityId] = slots[i % slots.length];
      const tpl = template(tplKey);
      let allOptions = mp.options.slice();
      let taken = 0;
      // sometimes the register also says an earlier option was already taken ("1+1+1 (1st taken)")
      if (input.canShowTaken(mp.council) && allOptions.length > 0 && allOptions[0] === 12 && rng.chance(0.25)) {
        allOptions = [12, ...allOptions];
        taken = 1;
      }
      const preferBare = mp.options.length === 1 && mp.options[0] % 12 === 0;
      const c = makeContract(rng, {
        council: mp.council,
        template: tpl,
        today,
        extensionCapable: true,
        canShowTaken: input.canShowTaken(mp.council),
        factory,
        forced: {
          entityId: entityId ?? rng.pick(tpl.suppliers.filter((s) => s !== 'e-ccs' && s !== 'e-espo')),
          shownEnd: mp.shownEnd,
          allOptions,
          taken,
          mentionProduct: cand.basis === 'product' ? i < mentionCount : undefined,
          plantedGroup: id,
          flags: { blankCategory: blankCategoryIdx.has(i), blankStart: i === blankStartIdx, preferBare },
        },
      });
      return c;
    });
    for (const mp of plan.members) {
      const set = excluded.get(mp.council.gss) ?? new Set<string>();
      set.add(cand.category);
      excluded.set(mp.council.gss, set);
    }
    const explanation = [
      `${cand.label}: one 12-month window ${toIso(plan.windowStart)} to ${toIso(plan.windowEnd)} (today ${toIso(today)}).`,
      ...plan.members.map((mp) => {
        const taken = mp.options.slice(0, mp.take);
        const what = mp.take === 0 ? 'takes no option' : `takes ${mp.take} option${mp.take > 1 ? 's' : ''} (${taken.join(' + ')} months)`;
        return `${mp.council.nice} (${mp.council.gss}) ends ${toIso(mp.shownEnd)}${mp.past ? ' (already passed)' : ''}, options [${mp.options.join(', ')}] months, ${what} -> ${toIso(mp.alignedEnd)}.`;
      }),
    ].join(' ');
    groups.push({
      group: { id, basis: cand.basis, councils: plan.members.map((mp) => mp.council.gss), explanation },
      contracts,
    });

    // noise: same kind of contract elsewhere; mostly not alignable
    const others = councils.filter((c) => !members.includes(c));
    const noiseCount = rng.int(2, 3);
    for (let k = 0; k < noiseCount && others.length > 0; k++) {
      const council = rng.pick(others);
      const [tplKey, entityId] = rng.pick(cand.slots);
      const tpl = template(tplKey);
      const kind = k === 0 ? 'far' : k === 1 ? 'expired' : 'free';
      noise.push(makeContract(rng, {
        council,
        template: tpl,
        today,
        extensionCapable: input.extensionCapable(council),
        canShowTaken: input.canShowTaken(council),
        factory,
        forced: {
          entityId: entityId ?? undefined,
          noOptions: kind !== 'free',
          monthsFromToday: kind === 'far' ? rng.int(63, 76) : kind === 'expired' ? rng.int(-26, -3) : rng.int(6, 60),
        },
      }));
    }
  });
  return { groups, noise, excluded };
}
