import Fuse from 'fuse.js';
import { editDistance } from './distance';
import { companyNumber, readSupplierCell, supplierKey } from './names';

/** A supplier name as written in registers, with what came with it. */
export interface SupplierObservation {
  name: string;
  companyNumber?: string | null;
  /** How many contracts use it (the most used spelling names the supplier). */
  count?: number;
}

/** Known facts about suppliers, kept as data: renames, parent groups, resellers. */
export interface SupplierRelationship {
  kind: 'rename' | 'alias' | 'group' | 'reseller';
  /** The name the fact is about (for a rename, the old name; for an alias, the other name). */
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

export type MatchRule = 'same-key' | 'company-number' | 'trading-name' | 'known-rename' | 'typo' | 'analyst-merge';

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
  group: string | null;
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
  /** Fuse.js score (0 exact … 1 unrelated) below which a near name is suggested for review. */
  suggestBelow?: number;
}

interface Edge {
  rule: MatchRule;
  score: number;
}

/** Union-find over keys, refusing unions that would join two keys an analyst kept apart. */
class Components {
  readonly index = new Map<string, number>();
  private readonly parent: number[] = [];
  private readonly members: string[][] = [];
  /** Every union made, as an adjacency list, to explain later how each key joined. */
  readonly edges = new Map<string, { other: string; edge: Edge }[]>();

  constructor(private readonly forbidden: Map<string, Set<string>>) {}

  add(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.parent.length;
      this.index.set(key, i);
      this.parent.push(i);
      this.members.push([key]);
    }
    return i;
  }

  root(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }

  same(a: string, b: string): boolean {
    return this.root(this.add(a)) === this.root(this.add(b));
  }

  keysOf(key: string): string[] {
    return this.members[this.root(this.add(key))];
  }

  /** Joins the components of a and b unless a decision forbids it; returns whether they are joined. */
  union(a: string, b: string, edge: Edge): boolean {
    let ra = this.root(this.add(a));
    let rb = this.root(this.add(b));
    if (ra === rb) return true;
    if (this.members[ra].length < this.members[rb].length) [ra, rb] = [rb, ra];
    for (const key of this.members[rb]) {
      const never = this.forbidden.get(key);
      if (!never) continue;
      for (const other of never) {
        const o = this.index.get(other);
        if (o !== undefined && this.root(o) === ra) return false;
      }
    }
    for (const [x, y] of [[a, b], [b, a]]) {
      const list = this.edges.get(x) ?? [];
      list.push({ other: y, edge });
      this.edges.set(x, list);
    }
    this.parent[rb] = ra;
    for (const key of this.members[rb]) this.members[ra].push(key);
    this.members[rb] = [];
    return true;
  }

  roots(): number[] {
    return this.parent.map((_, i) => i).filter((i) => this.parent[i] === i);
  }

  membersOf(root: number): string[] {
    return this.members[root];
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

const HAS_DIGIT = /\d/;

/**
 * Keys that differ by one typing slip (a letter missed, added, changed or two swapped) or only
 * by spaces ("Liquid Logic" / "Liquidlogic"), where that cannot be another word: no digits
 * ("Unit 4" / "Unit 5"), and short names only when the slip is inside the name, not at its
 * ends ("Capita" / "Capital", "Atkins" / "Watkins" are different firms).
 */
export function isTypo(a: string, b: string): boolean {
  if (HAS_DIGIT.test(a) || HAS_DIGIT.test(b)) return false;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  const ends = a.slice(0, 2) === b.slice(0, 2) && a.slice(-2) === b.slice(-2);
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return ends;
  if (a.split(' ').length !== b.split(' ').length) return false;
  if (editDistance(a, b, 1) !== 1) return false;
  return shorter >= 10 || ends;
}

/** Single-character deletions: keys sharing one are at most two edits apart (a cheap blocking). */
function deletions(key: string): string[] {
  const out = [key];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

function titleScore(name: string): number {
  // Prefer a spelling in mixed case over one in capitals, then the shorter.
  return (name === name.toUpperCase() ? 0 : 1000) - name.length;
}

/**
 * Groups supplier names into canonical suppliers. Keys (and Companies House numbers, trading
 * names and known renames) join names for certain; fuzzy matching with fuse.js, within small
 * blocks of keys at most two edits apart, joins only clear typos and suggests the rest for
 * review. Analysts' decisions come last and win: merges join, never-merge and split keep apart.
 */
export function clusterSuppliers(observations: SupplierObservation[], options: ClusterOptions = {}): { clusters: SupplierCluster[]; suggestions: SupplierSuggestion[] } {
  const suggestBelow = options.suggestBelow ?? 0.35;
  // The latest decision about a pair of keys wins.
  const pairDecisions = new Map<string, { kind: 'merge' | 'never'; a: string; b: string }>();
  const renames = new Map<string, string>();
  for (const d of options.decisions ?? []) {
    if (d.kind === 'merge' || d.kind === 'never-merge') {
      const a = supplierKey(d.a);
      const b = supplierKey(d.b);
      if (a && b && a !== b) pairDecisions.set(pairKey(a, b), { kind: d.kind === 'merge' ? 'merge' : 'never', a, b });
    } else if (d.kind === 'split') {
      const a = supplierKey(d.name);
      for (const other of d.from) {
        const b = supplierKey(other);
        if (a && b && a !== b) pairDecisions.set(pairKey(a, b), { kind: 'never', a, b });
      }
    } else if (d.kind === 'rename') {
      renames.set(supplierKey(d.name), d.to.trim());
    }
  }
  const forbidden = new Map<string, Set<string>>();
  for (const d of pairDecisions.values()) {
    if (d.kind !== 'never') continue;
    for (const [x, y] of [[d.a, d.b], [d.b, d.a]]) {
      const set = forbidden.get(x) ?? new Set<string>();
      set.add(y);
      forbidden.set(x, set);
    }
  }
  const parts = new Components(forbidden);

  // Names by key, with use counts and company numbers.
  const namesByKey = new Map<string, Map<string, number>>();
  const numbersByKey = new Map<string, Map<string, number>>();
  const note = (key: string, name: string, count: number) => {
    const names = namesByKey.get(key) ?? new Map<string, number>();
    names.set(name, (names.get(name) ?? 0) + count);
    namesByKey.set(key, names);
    parts.add(key);
  };
  const tradingEdges: [string, string][] = [];
  for (const o of observations) {
    const cell = readSupplierCell(o.name);
    const key = supplierKey(cell.primary);
    if (!key) continue;
    note(key, o.name, o.count ?? 1);
    const number = companyNumber(o.companyNumber);
    if (number) {
      const numbers = numbersByKey.get(key) ?? new Map<string, number>();
      numbers.set(number, (numbers.get(number) ?? 0) + (o.count ?? 1));
      numbersByKey.set(key, numbers);
    }
    if (cell.tradingName) {
      const tradingKey = supplierKey(cell.tradingName);
      if (tradingKey && tradingKey !== key) tradingEdges.push([key, tradingKey]);
    }
  }

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
  for (const [a, b] of tradingEdges) parts.union(a, b, { rule: 'trading-name', score: 1 });
  const currentName = new Map<string, string>();
  const groups = new Map<string, string>();
  const resellers = new Set<string>();
  for (const r of options.relationships ?? []) {
    const key = supplierKey(r.name);
    if (!key) continue;
    if ((r.kind === 'rename' || r.kind === 'alias') && r.target) {
      const target = supplierKey(r.target);
      // Only names someone used take part; the current name is known either way.
      if (namesByKey.has(key) || namesByKey.has(target)) parts.union(key, target, { rule: 'known-rename', score: 1 });
      currentName.set(target, r.target);
    } else if (r.kind === 'group' && r.target) groups.set(key, r.target);
    else if (r.kind === 'reseller') resellers.add(key);
  }

  // Fuzzy: keys within two edits of each other are compared with fuse.js.
  const keys = [...namesByKey.keys()];
  const block = new Map<string, string[]>();
  for (const key of keys) {
    if (key.length < 5) continue;
    for (const d of deletions(key)) {
      const list = block.get(d);
      if (list) {
        if (list[list.length - 1] !== key) list.push(key);
      } else block.set(d, [key]);
    }
  }
  const suggestions = new Map<string, SupplierSuggestion>();
  const suggest = (a: string, b: string, score: number, rule: SupplierSuggestion['rule']) => {
    const id = pairKey(a, b);
    const existing = suggestions.get(id);
    if (!existing || existing.score < score) {
      const nameOf = (k: string) => [...namesByKey.get(k)!.entries()].sort((x, y) => y[1] - x[1])[0][0];
      suggestions.set(id, { a: nameOf(a), b: nameOf(b), keyA: a, keyB: b, score, rule });
    }
  };
  const fuseOptions = { includeScore: true, ignoreLocation: true, threshold: suggestBelow, isCaseSensitive: true };
  const typoPairs: { a: string; b: string; score: number }[] = [];
  for (const key of keys) {
    if (key.length < 5) continue;
    const near = new Set<string>();
    for (const d of deletions(key)) for (const other of block.get(d) ?? []) if (other > key) near.add(other);
    if (near.size === 0) continue;
    const fuse = new Fuse([...near], fuseOptions);
    for (const hit of fuse.search(key)) {
      const score = Math.round((1 - (hit.score ?? 1)) * 1000) / 1000;
      if (isTypo(key, hit.item)) typoPairs.push({ a: key, b: hit.item, score });
      else suggest(key, hit.item, score, 'similar-name');
    }
  }
  // A slip makes a word no other name uses ("Civca"); two words that both recur ("Forth",
  // "North") are two names, not a slip. And a misspelling one slip from two names could be
  // either, so it is only suggested.
  const keysWithToken = new Map<string, number>();
  for (const key of keys) for (const t of new Set(key.split(' '))) keysWithToken.set(t, (keysWithToken.get(t) ?? 0) + 1);
  const differing = (a: string, b: string): [string[], string[]] => {
    const ta = a.split(' ');
    const tb = b.split(' ');
    return [ta.filter((t) => !tb.includes(t)), tb.filter((t) => !ta.includes(t))];
  };
  const slipSide = (a: string, b: string): string[] => {
    const [onlyA, onlyB] = differing(a, b);
    const rare = (tokens: string[]) => tokens.length > 0 && tokens.every((t) => (keysWithToken.get(t) ?? 0) <= 1);
    return [...(rare(onlyA) ? [a] : []), ...(rare(onlyB) ? [b] : [])];
  };
  const candidates = new Map<string, number>();
  const eligible = typoPairs.filter((p) => slipSide(p.a, p.b).length > 0);
  for (const p of eligible) for (const k of [p.a, p.b]) candidates.set(k, (candidates.get(k) ?? 0) + 1);
  for (const p of typoPairs) {
    const sides = slipSide(p.a, p.b);
    const clear = sides.length > 0 && sides.some((k) => candidates.get(k) === 1);
    if (!(clear && parts.union(p.a, p.b, { rule: 'typo', score: p.score }))) suggest(p.a, p.b, p.score, 'similar-name');
  }
  // A name that is another with a word or two more ("Capita" / "Capita Business Services") is only suggested.
  const keySet = new Set(keys);
  for (const key of keys) {
    const tokens = key.split(' ');
    if (tokens.length < 2 || tokens.length > 6) continue;
    const seen = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i; j < tokens.length; j++) {
        const shorter = tokens.filter((_, k) => k !== i && k !== j).join(' ');
        if (seen.has(shorter) || shorter === key) continue;
        seen.add(shorter);
        if (shorter.length >= 4 && keySet.has(shorter)) suggest(shorter, key, Math.round((shorter.length / key.length) * 1000) / 1000, 'dropped-word');
      }
    }
  }

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
      for (const key of memberKeys) {
        for (const [raw, n] of namesByKey.get(key)!) {
          const primary = readSupplierCell(raw).primary;
          counts.set(primary, (counts.get(primary) ?? 0) + n);
        }
      }
      name = [...counts.entries()].sort((a, b) => b[1] - a[1] || titleScore(b[0]) - titleScore(a[0]) || (a[0] < b[0] ? -1 : 1))[0][0];
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
      // Facts about a known name hold for the supplier even when no register used that name itself.
      group: parts.keysOf(anchorKey).map((k) => groups.get(k)).find(Boolean) ?? null,
      reseller: parts.keysOf(anchorKey).some((k) => resellers.has(k)),
      members,
    });
  }
  clusters.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const open = [...suggestions.values()].filter((s) => !parts.same(s.keyA, s.keyB) && !pairDecisions.has(pairKey(s.keyA, s.keyB)));
  open.sort((a, b) => b.score - a.score || (a.a < b.a ? -1 : 1));
  return { clusters, suggestions: open };
}
