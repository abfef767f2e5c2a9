import { groupClusters, SupplierGroup } from './groups';
import { coreTokens, supplierKey } from './names';
import { Components, Edge, pairKey } from './key-components';
import { bestComparison, candidatePairs, Observed } from './observed-names';
import { ORDINARY_WORDS } from './words';

/** A supplier name as written in registers, with what came with it. */
export interface SupplierObservation {
  name: string;
  companyNumber?: string | null;
  /** How many contracts use it (the most used spelling names the supplier). */
  count?: number;
}

/**
 * Known facts about suppliers, kept as data with a source (data/suppliers/supplier-relationships.csv):
 * `rename` (an old name → the current legal name), `alias` (an abbreviation, brand or trading name →
 * the company's name: `CCS` → Crown Commercial Service), `group` (a subsidiary or brand → its parent
 * group), `reseller`.
 */
export interface SupplierRelationship {
  kind: 'rename' | 'alias' | 'group' | 'reseller';
  /** The name the fact is about (for a rename, the old name; for an alias, the other name; for a group, the subsidiary). */
  name: string;
  /** The current legal name (rename, alias) or the parent group (group); null for a reseller. */
  target: string | null;
  companyNumber?: string | null;
}

/** An analyst's decision, in terms of names, so it can be applied again to any later import. */
export type SupplierDecision =
  | { kind: 'merge'; a: string; b: string }
  | { kind: 'never-merge'; a: string; b: string }
  | { kind: 'split'; name: string; from: string[] }
  | { kind: 'rename'; name: string; to: string };

/**
 * Why a name belongs to its supplier: the same key; the same Companies House number; a trading
 * name or former name given in a cell (`t/a`, `(Was …)`); a known rename or alias (reference
 * data); spaces only (`SopraSteria`); a typing slip; a name cut short by the register; an analyst.
 */
export type MatchRule = 'same-key' | 'company-number' | 'trading-name' | 'former-name' | 'known-rename' | 'spacing' | 'typo' | 'truncated' | 'analyst-merge';

export interface ClusterMember {
  /** As written in the register. */
  name: string;
  key: string;
  /** Why this name belongs to the supplier, and how sure the match is (1 = certain). */
  rule: MatchRule;
  score: number;
}

export interface SupplierCluster {
  /** The key of the cluster's most used name: stable while its membership is. */
  anchorKey: string;
  name: string;
  nameSource: 'analyst' | 'known-rename' | 'most-used';
  companyNumber: string | null;
  /** The parent group or family when the supplier has one (the group's name), else null. */
  group: string | null;
  /** The supplier's group (see `groupSuppliers`): its id, name and how it was found; a supplier with no family is its own group. */
  groupId: string;
  groupName: string;
  groupSource: SupplierGroup['source'];
  reseller: boolean;
  members: ClusterMember[];
}

export interface SupplierSuggestion {
  a: string;
  b: string;
  keyA: string;
  keyB: string;
  score: number;
  rule: 'similar-name' | 'dropped-word';
}

export interface ClusterOptions {
  relationships?: SupplierRelationship[];
  decisions?: SupplierDecision[];
  /** Dissimilarity (0 the same letters … 1 unrelated) below which a near name is suggested for review. */
  suggestBelow?: number;
}

export interface ClusteringResult {
  clusters: SupplierCluster[];
  suggestions: SupplierSuggestion[];
  /** Every group once, in the order of the clusters' names. */
  groups: SupplierGroup[];
}

function titleScore(name: string): number {
  // Prefer a spelling in mixed case over one in capitals, then the shorter.
  return (name === name.toUpperCase() ? 0 : 1000) - name.length;
}

interface PairDecision {
  kind: 'merge' | 'never';
  a: string;
  b: string;
}

/** Analysts' decisions as pairs of keys (the latest about a pair wins), renames, and the pairs kept apart. */
function readDecisions(decisions: SupplierDecision[]): { pairs: Map<string, PairDecision>; renames: Map<string, string>; forbidden: Map<string, Set<string>> } {
  const pairs = new Map<string, PairDecision>();
  const renames = new Map<string, string>();
  for (const d of decisions) {
    if (d.kind === 'merge' || d.kind === 'never-merge') {
      const a = supplierKey(d.a);
      const b = supplierKey(d.b);
      if (a && b && a !== b) pairs.set(pairKey(a, b), { kind: d.kind === 'merge' ? 'merge' : 'never', a, b });
    } else if (d.kind === 'split') {
      const a = supplierKey(d.name);
      for (const other of d.from) {
        const b = supplierKey(other);
        if (a && b && a !== b) pairs.set(pairKey(a, b), { kind: 'never', a, b });
      }
    } else if (d.kind === 'rename') {
      renames.set(supplierKey(d.name), d.to.trim());
    }
  }
  const forbidden = new Map<string, Set<string>>();
  for (const d of pairs.values()) {
    if (d.kind !== 'never') continue;
    for (const [x, y] of [[d.a, d.b], [d.b, d.a]]) forbidden.set(x, (forbidden.get(x) ?? new Set<string>()).add(y));
  }
  return { pairs, renames, forbidden };
}

/**
 * Groups supplier names into canonical suppliers and their groups. Keys (and Companies House
 * numbers, trading and former names given in cells, and known renames and aliases) join names
 * for certain; so do spellings that differ only in spaces, clear typing slips (see
 * `compareNames`) and names a register cut short that can only be one longer name. Near names
 * that could be other companies are suggested for review. Analysts' decisions come last and
 * win: merges join, never-merge and split keep apart. Cells that name no supplier ("Contract not
 * awarded", "N/A") are in no cluster. Each cluster carries its group (see `groupSuppliers`).
 * Example: `clusterSuppliers([{ name: 'Sopra Steria Ltd', count: 2 }, { name: 'SopraSteria' }, { name: 'N/A' }]).clusters`
 * is one supplier, "Sopra Steria Ltd" (`SopraSteria` joined by the rule `spacing`), with `groupId`
 * `'sopra-steria'`, `groupName` "Sopra Steria Ltd" and `groupSource` `'self'`; "N/A" is in no cluster.
 */
export function clusterSuppliers(observations: SupplierObservation[], options: ClusterOptions = {}): ClusteringResult {
  const suggestAbove = 1 - (options.suggestBelow ?? 0.35);
  const { pairs: pairDecisions, renames, forbidden } = readDecisions(options.decisions ?? []);
  const parts = new Components(forbidden);
  const seen = new Observed(parts);
  for (const o of observations) seen.add(o);
  const { namesByKey, numbersByKey } = seen;

  // Analysts' merges first: they stand even where the rules below would not join.
  for (const d of pairDecisions.values()) if (d.kind === 'merge') parts.union(d.a, d.b, { rule: 'analyst-merge', score: 1 });
  // The same Companies House number is the same company.
  const byNumber = new Map<string, string>();
  for (const [key, numbers] of numbersByKey) {
    for (const number of numbers.keys()) {
      const first = byNumber.get(number);
      if (first === undefined) byNumber.set(number, key);
      else parts.union(first, key, { rule: 'company-number', score: 1 });
    }
  }
  // A trading or former name given in a cell is the same company, unless several companies give it
  // (a franchise brand: "X Ltd t/a Bluebird Care", "Y Ltd t/a Bluebird Care").
  for (const [other, { rule, claimedBy }] of seen.otherNames) if (claimedBy.size === 1) parts.union([...claimedBy][0], other, { rule, score: 1 });
  const currentName = new Map<string, string>();
  const resellers = new Set<string>();
  for (const r of options.relationships ?? []) {
    const key = supplierKey(r.name);
    if (!key) continue;
    if ((r.kind === 'rename' || r.kind === 'alias') && r.target) {
      const target = supplierKey(r.target);
      // Only names someone used take part; the current name is known either way.
      if (parts.index.has(key) || parts.index.has(target)) {
        parts.union(key, target, { rule: 'known-rename', score: 1 });
        // The known names take part in the fuzzy step: "Crown Commercial Services" is a slip of a name CCS stands for.
        seen.addForm(key, coreTokens(r.name));
        seen.addForm(target, coreTokens(r.target));
      }
      currentName.set(target, r.target);
    } else if (r.kind === 'reseller') resellers.add(key);
  }

  const suggestions = new Map<string, SupplierSuggestion>();
  const nameOf = (k: string) => [...(namesByKey.get(k) ?? new Map([[k, 0]])).entries()].sort((x, y) => y[1] - x[1])[0][0];
  const suggest = (a: string, b: string, score: number, rule: SupplierSuggestion['rule']) => {
    if (!namesByKey.has(a) || !namesByKey.has(b)) return;
    const id = pairKey(a, b);
    const existing = suggestions.get(id);
    if (!existing || existing.score < score) suggestions.set(id, { a: nameOf(a), b: nameOf(b), keyA: a, keyB: b, score, rule });
  };
  fuzzyJoin(seen, parts, suggest, suggestAbove);
  truncatedJoin(seen, parts);
  droppedWordSuggestions([...namesByKey.keys()], suggest);

  const clusters = buildClusters(seen, parts, renames, currentName, resellers);
  // A misspelt spelling says nothing about the family: "Acecss UK" joins Access UK, but must not make "Acecss …" a family name.
  const groups = groupClusters(clusters, [...(options.relationships ?? []), ...seen.parents], (key) => (seen.slipped.has(key) ? [] : (seen.coreForms.get(key) ?? [])));
  for (const c of clusters) {
    const g = groups.get(c.anchorKey)!;
    Object.assign(c, { group: g.source === 'self' ? null : g.name, groupId: g.id, groupName: g.name, groupSource: g.source });
  }
  const open = [...suggestions.values()].filter((s) => !parts.same(s.keyA, s.keyB) && !pairDecisions.has(pairKey(s.keyA, s.keyB)));
  open.sort((a, b) => b.score - a.score || (a.a < b.a ? -1 : 1));
  const distinctGroups = [...new Map(clusters.map((c) => [c.groupId, groups.get(c.anchorKey)!])).values()];
  return { clusters, suggestions: open, groups: distinctGroups };
}

type Suggest = (a: string, b: string, score: number, rule: SupplierSuggestion['rule']) => void;

/** A word written at least this many times less often than a word one slip from it is taken for the slip. */
const SLIP_RARITY = 5;

/**
 * Spacing and typing slips. A slip makes a word no other name uses ("Civca"); two words that both
 * recur ("Forth", "North") are two names, not a slip. A misspelling one slip from two suppliers
 * could be either, so it is only suggested.
 */
function fuzzyJoin(seen: Observed, parts: Components, suggest: Suggest, suggestAbove: number): void {
  const keysWithToken = new Map<string, number>();
  // How often each word is written (rows, not keys): a slip is written far less often than the word it slips from.
  const rowsWithToken = new Map<string, number>();
  for (const [key, names] of seen.namesByKey) {
    let rows = 0;
    for (const n of names.values()) rows += n;
    for (const t of new Set(key.split(' '))) {
      keysWithToken.set(t, (keysWithToken.get(t) ?? 0) + 1);
      rowsWithToken.set(t, (rowsWithToken.get(t) ?? 0) + rows);
    }
  }
  const typos: { a: string; b: string; score: number }[] = [];
  for (const pair of candidatePairs(seen.forms).values()) {
    const [a, b] = pair.sort();
    const c = bestComparison(seen.forms.get(a)!, seen.forms.get(b)!);
    if (c.verdict === 'spacing') {
      if (!parts.union(a, b, { rule: 'spacing', score: 1 })) suggest(a, b, c.score, 'similar-name');
    } else if (c.verdict === 'typo') typos.push({ a, b, score: c.score });
    else if (c.verdict === 'near' && c.score >= suggestAbove) suggest(a, b, c.score, 'similar-name');
  }
  const rare = (tokens: string[]) => tokens.length > 0 && tokens.every((t) => (keysWithToken.get(t) ?? 0) <= 1);
  const plural = (x: string, y: string) => x === `${y}s` || y === `${x}s` || x === `${y}es` || y === `${x}es`;
  const slipSides = (a: string, b: string): string[] => {
    const [ta, tb] = [a.split(' '), b.split(' ')];
    let [onlyA, onlyB] = [ta.filter((t) => !tb.includes(t)), tb.filter((t) => !ta.includes(t))];
    // "Service" / "Services" is one word however often each is used.
    [onlyA, onlyB] = [onlyA.filter((x) => !onlyB.some((y) => plural(x, y))), onlyB.filter((y) => !onlyA.some((x) => plural(x, y)))];
    if (onlyA.length === 0 && onlyB.length === 0) return [a, b];
    // A misspelt ordinary word ("Enviromental") is the slip however often it recurs.
    const misspelt = (mine: string[], theirs: string[]) => mine.length > 0 && mine.every((t) => !ORDINARY_WORDS.has(t)) && theirs.length > 0 && theirs.every((t) => ORDINARY_WORDS.has(t));
    // One council's habit ("Ciivca" in every row it writes, once also in a bracket) recurs in a few keys, but is
    // written far less often than the name it slips from ("Civica"): the slip is still the rare side.
    const rows = (tokens: string[]) => Math.min(...tokens.map((t) => rowsWithToken.get(t) ?? 0));
    const muchRarer = (mine: string[], theirs: string[]) =>
      mine.length > 0 && theirs.length > 0 && mine.every((t) => (keysWithToken.get(t) ?? 0) <= 3) && rows(mine) * SLIP_RARITY <= rows(theirs);
    const slipped = (mine: string[], theirs: string[]) => rare(mine) || misspelt(mine, theirs) || muchRarer(mine, theirs);
    return [...(slipped(onlyA, onlyB) ? [a] : []), ...(slipped(onlyB, onlyA) ? [b] : [])];
  };
  // How many suppliers each slipped key is one slip from. Another slip of the same word ("Archietcts" /
  // "Architeits") is not another supplier, nor a spelling already joined to the one it is a slip of:
  // so the count is taken again after each round of joins.
  const sidesOf = typos.map((p) => slipSides(p.a, p.b));
  let pending = typos.map((_, i) => i);
  for (let round = 0; round < 4 && pending.length > 0; round++) {
    const reach = new Map<string, Set<number>>();
    pending.forEach((i) => {
      const [p, sides] = [typos[i], sidesOf[i]];
      if (sides.length !== 1) return;
      const other = sides[0] === p.a ? p.b : p.a;
      reach.set(sides[0], (reach.get(sides[0]) ?? new Set<number>()).add(parts.root(parts.add(other))));
    });
    const left = pending.filter((i) => {
      const p = typos[i];
      if (parts.same(p.a, p.b)) return false;
      const clear = sidesOf[i].some((k) => (reach.get(k)?.size ?? 0) <= 1);
      const joined = clear && parts.union(p.a, p.b, { rule: 'typo', score: p.score });
      if (joined && sidesOf[i].length === 1) seen.slipped.add(sidesOf[i][0]);
      return !joined;
    });
    if (left.length === pending.length) break;
    pending = left;
  }
  for (const i of pending) if (!parts.same(typos[i].a, typos[i].b)) suggest(typos[i].a, typos[i].b, typos[i].score, 'similar-name');
}

/** A name cut short by the register joins the one longer name it starts, when it is long enough to tell. */
function truncatedJoin(seen: Observed, parts: Components): void {
  if (seen.cut.size === 0) return;
  const written: { text: string; key: string }[] = [];
  for (const [key, list] of seen.forms) if (!seen.cut.has(key)) for (const f of list) written.push({ text: f.join(' '), key });
  written.sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
  for (const key of seen.cut) {
    for (const f of seen.forms.get(key) ?? []) {
      const text = f.join(' ');
      if (f.length < 3 || text.replace(/ /g, '').length < 20) continue;
      let lo = 0;
      let hi = written.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (written[mid].text < text) lo = mid + 1;
        else hi = mid;
      }
      const own = parts.root(parts.add(key));
      const roots = new Map<number, string>();
      for (let i = lo; i < written.length && written[i].text.startsWith(text); i++) {
        const root = parts.root(parts.add(written[i].key));
        if (root !== own) roots.set(root, written[i].key);
      }
      if (roots.size === 1) {
        const [other] = roots.values();
        parts.union(key, other, { rule: 'truncated', score: Math.round((text.length / (text.length + 1)) * 1000) / 1000 });
      }
    }
  }
}

/** A name that is another with a word or two more ("Capita" / "Capita Business Services") is only suggested. */
function droppedWordSuggestions(keys: string[], suggest: Suggest): void {
  const keySet = new Set(keys);
  for (const key of keys) {
    const tokens = key.split(' ');
    if (tokens.length < 2 || tokens.length > 6) continue;
    const tried = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i; j < tokens.length; j++) {
        const shorter = tokens.filter((_, k) => k !== i && k !== j).join(' ');
        if (tried.has(shorter) || shorter === key) continue;
        tried.add(shorter);
        if (shorter.length >= 4 && keySet.has(shorter)) suggest(shorter, key, Math.round((shorter.length / key.length) * 1000) / 1000, 'dropped-word');
      }
    }
  }
}

/** One cluster per component with a name someone used: its name, anchor, members and how each joined. */
function buildClusters(seen: Observed, parts: Components, renames: Map<string, string>, currentName: Map<string, string>, resellers: Set<string>): SupplierCluster[] {
  const { namesByKey, numbersByKey } = seen;
  const clusters: SupplierCluster[] = [];
  for (const root of parts.roots()) {
    const memberKeys = parts.membersOf(root).filter((k) => namesByKey.has(k));
    if (memberKeys.length === 0) continue;
    const uses = (k: string) => [...namesByKey.get(k)!.values()].reduce((a, b) => a + b, 0);
    memberKeys.sort((a, b) => uses(b) - uses(a) || (a < b ? -1 : 1));
    let name: string;
    let nameSource: SupplierCluster['nameSource'];
    const analystName = memberKeys.map((k) => renames.get(k)).find(Boolean);
    const legalName = parts.keysOf(memberKeys[0]).map((k) => currentName.get(k)).find(Boolean);
    if (analystName) [name, nameSource] = [analystName, 'analyst'];
    else if (legalName) [name, nameSource] = [legalName, 'known-rename'];
    else {
      const counts = new Map<string, number>();
      const misspelt = new Set<string>();
      for (const key of memberKeys) {
        for (const [raw, n] of namesByKey.get(key)!) {
          const primary = seen.primaryOf.get(raw) ?? raw;
          counts.set(primary, (counts.get(primary) ?? 0) + n);
          if (seen.slipped.has(key)) misspelt.add(primary);
        }
      }
      // The most used spelling; on a tie, not the misspelt one, then mixed case, then the shorter.
      const slip = (n: string) => (misspelt.has(n) ? 1 : 0);
      name = [...counts.entries()].sort((a, b) => b[1] - a[1] || slip(a[0]) - slip(b[0]) || titleScore(b[0]) - titleScore(a[0]) || (a[0] < b[0] ? -1 : 1))[0][0];
      nameSource = 'most-used';
    }
    // The anchor is the key of the supplier's name where a register used it, else the most used key;
    // each other key is explained by the link that first reaches it from the anchor.
    const nameKey = supplierKey(name);
    const anchorKey = memberKeys.includes(nameKey) ? nameKey : memberKeys[0];
    // When the supplier's name is a known legal name no register used, explain from it, through the rename links.
    const start = !namesByKey.has(nameKey) && parts.index.has(nameKey) && parts.same(nameKey, anchorKey) ? nameKey : anchorKey;
    const how = new Map<string, Edge>([[start, { rule: 'same-key', score: 1 }]]);
    const queue = [start];
    while (queue.length > 0) {
      const key = queue.shift()!;
      for (const { other, edge } of parts.edges.get(key) ?? []) {
        if (how.has(other)) continue;
        how.set(other, edge);
        queue.push(other);
      }
    }
    const members: ClusterMember[] = [];
    for (const key of memberKeys) {
      const edge = how.get(key) ?? { rule: 'same-key' as const, score: 1 };
      for (const raw of namesByKey.get(key)!.keys()) members.push({ name: raw, key, rule: edge.rule, score: edge.score });
    }
    members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const numbers = new Map<string, number>();
    for (const key of memberKeys) for (const [n, c] of numbersByKey.get(key) ?? []) numbers.set(n, (numbers.get(n) ?? 0) + c);
    const companyNumberOf = [...numbers.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    clusters.push({
      anchorKey,
      name,
      nameSource,
      companyNumber: companyNumberOf,
      // Filled from the supplier's group once every cluster is known.
      group: null,
      groupId: '',
      groupName: '',
      groupSource: 'self',
      reseller: parts.keysOf(anchorKey).some((k) => resellers.has(k)),
      members,
    });
  }
  clusters.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return clusters;
}
