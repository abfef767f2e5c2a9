import type { SupplierCluster, SupplierRelationship } from './cluster';
import { coreTokens, orderedKey, supplierKey } from './names';
import { readSupplierCell } from './supplier-cell';
import { isDistinctiveWord } from './words';

/**
 * A supplier group: a parent and its subsidiaries, a brand and its legal entities, a company
 * and its renamed self. Every canonical supplier is in exactly one group (alone, when it has no
 * known family).
 */
export interface SupplierGroup {
  /** Stable while the group's name folds the same: the name's words, legal suffixes dropped, with hyphens (`capita`, `nec`, `system-c-healthcare`). */
  id: string;
  name: string;
  /**
   * `relationship`: a parent or rename from reference data, or a cell's "part of …";
   * `shared-name`: suppliers sharing a distinctive leading name (`Arcadis` / `Arcadis Consulting (UK) Ltd`);
   * `self`: the supplier alone.
   */
  source: 'relationship' | 'shared-name' | 'self';
  /** The anchor keys of the suppliers in the group. */
  members: string[];
}

/** Words that end a family name without changing the family: "Mitie Group", "SGS United Kingdom", "Options Autism (5)". */
const FAMILY_ENDINGS = new Set(['group', 'holdings', 'holding', 'international', 'global', 'worldwide', 'uk', 'gb', 'united', 'kingdom', 'britain', 'great', 'england', 'scotland', 'wales', 'ireland', 'europe', 'emea']);

function stem(tokens: string[]): string[] {
  let end = tokens.length;
  while (end > 0 && (FAMILY_ENDINGS.has(tokens[end - 1]) || /^\d+$/.test(tokens[end - 1]))) end--;
  return tokens.slice(0, end);
}

/** Whether a leading name is enough to tell a family: a distinctive word in it, or two words or more (not initials or numbers). */
function isFamilyName(tokens: string[]): boolean {
  if (tokens.join('').length < 3) return false;
  return tokens.some((t) => t.length >= 3 && isDistinctiveWord(t)) || tokens.filter((t) => t.length >= 3 && !/^\d+$/.test(t)).length >= 2;
}

/** An abbreviation of the supplier's own longer name ("CCS" for Crown Commercial Service) stands for that name, not for every name it starts. */
function isOwnAbbreviation(form: string[], all: string[][]): boolean {
  if (form.length !== 1 || form[0].length > 5) return false;
  return all.some((f) => f.length >= 2 && f.map((t) => t[0]).join('').startsWith(form[0]));
}

class Unions {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while ((this.parent.get(root) ?? root) !== root) root = this.parent.get(root) as string;
    while (x !== root) {
      const next = this.parent.get(x) as string;
      this.parent.set(x, root);
      x = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

function titleScore(name: string): number {
  return name === name.toUpperCase() ? 0 : 1;
}

/**
 * The group of each canonical supplier, by anchor key. Joins suppliers through the `group`
 * relationships (a subsidiary or brand to its parent; renames and aliases are followed), through
 * "part of …" facts, and when one supplier's name is the leading part of another's and is
 * distinctive (`Capita plc` / `Capita Business Services Ltd`, `Arcadis` / `ARCADIS CONSULTING
 * EUROPE LIMITED`; "Group", "Holdings", "UK" and numbers at the end do not count). Ordinary
 * leading words (`Link …`, `Care …`) join nothing. The group is named after the top parent named
 * in the facts, else after the supplier with the shortest family name, else the supplier itself.
 * Example: with clusters for "Capita plc", "Capita Business Services Ltd" and "Civica UK Ltd",
 * the first two map to `{ id: 'capita', name: 'Capita plc', source: 'shared-name' }`, Civica to
 * `{ id: 'civica', name: 'Civica UK Ltd', source: 'self' }`.
 */
export function groupSuppliers(clusters: readonly SupplierCluster[], relationships: readonly SupplierRelationship[] = []): Map<string, SupplierGroup> {
  const formsOf = new Map<string, string[][]>();
  for (const c of clusters) {
    for (const m of c.members) {
      const list = formsOf.get(m.key) ?? [];
      list.push(coreTokens(readSupplierCell(m.name).primary || m.name));
      formsOf.set(m.key, list);
    }
  }
  return groupClusters(clusters, relationships, (key) => formsOf.get(key) ?? []);
}

/** `groupSuppliers`, given the written forms of each key (clustering already has them). */
export function groupClusters(clusters: readonly SupplierCluster[], relationships: readonly SupplierRelationship[], formsOfKey: (key: string) => string[][]): Map<string, SupplierGroup> {
  const clusterByKey = new Map<string, number>();
  clusters.forEach((c, i) => c.members.forEach((m) => clusterByKey.set(m.key, i)));
  clusters.forEach((c, i) => {
    const k = supplierKey(c.name);
    if (k && !clusterByKey.has(k)) clusterByKey.set(k, i);
  });
  // A fact about a supplier's other name is a fact about the supplier.
  for (const r of relationships) {
    if ((r.kind !== 'rename' && r.kind !== 'alias') || !r.target) continue;
    const [a, b] = [supplierKey(r.name), supplierKey(r.target)];
    if (clusterByKey.has(a) && !clusterByKey.has(b)) clusterByKey.set(b, clusterByKey.get(a) as number);
    else if (clusterByKey.has(b) && !clusterByKey.has(a)) clusterByKey.set(a, clusterByKey.get(b) as number);
  }
  const node = (key: string) => (clusterByKey.has(key) ? `c${clusterByKey.get(key)}` : `k${key}`);
  const unions = new Unions();
  const byFact = new Set<string>();
  const parents = new Map<string, { name: string; count: number; order: number }>();
  const children = new Set<string>();
  const forms = new Map<string, string[][]>();
  const addForm = (id: string, tokens: string[]) => {
    if (tokens.length === 0) return;
    const list = forms.get(id) ?? [];
    if (!list.some((f) => f.join(' ') === tokens.join(' '))) list.push(tokens);
    forms.set(id, list);
  };

  relationships.forEach((r, order) => {
    if (r.kind !== 'group' || !r.target) return;
    const [child, parent] = [supplierKey(r.name), supplierKey(r.target)];
    if (!child || !parent) return;
    const [a, b] = [node(child), node(parent)];
    unions.union(a, b);
    byFact.add(a).add(b);
    children.add(a);
    const seen = parents.get(b);
    parents.set(b, { name: seen?.name ?? r.target.trim(), count: (seen?.count ?? 0) + 1, order: seen?.order ?? order });
    if (b.startsWith('k')) addForm(b, coreTokens(r.target));
  });

  clusters.forEach((c, i) => {
    for (const key of new Set(c.members.map((m) => m.key))) for (const f of formsOfKey(key)) addForm(`c${i}`, f);
    addForm(`c${i}`, coreTokens(c.name));
  });
  // Each full name and each family name (its stem) indexed; a supplier whose name starts with another's joins its family.
  const index = new Map<string, Set<string>>();
  const put = (tokens: string[], id: string) => {
    const k = tokens.join(' ');
    index.set(k, (index.get(k) ?? new Set<string>()).add(id));
  };
  for (const [id, list] of forms) {
    for (const f of list) {
      if (isOwnAbbreviation(f, list)) continue;
      put(f, id);
      const s = stem(f);
      if (s.length > 0 && s.length < f.length) put(s, id);
    }
  }
  for (const [id, list] of forms) {
    for (const f of list) {
      if (isOwnAbbreviation(f, list)) continue;
      for (let j = 1; j < f.length; j++) {
        const prefix = f.slice(0, j);
        if (!isFamilyName(prefix)) continue;
        for (const other of index.get(prefix.join(' ')) ?? []) if (other !== id) unions.union(id, other);
      }
    }
  }

  // Members of each group.
  const members = new Map<string, number[]>();
  clusters.forEach((_, i) => {
    const root = unions.find(`c${i}`);
    members.set(root, [...(members.get(root) ?? []), i]);
  });
  const factRoots = new Set([...byFact].map((id) => unions.find(id)));
  const parentOf = new Map<string, { name: string; count: number; order: number }>();
  for (const [id, p] of parents) {
    if (children.has(id) && [...parents.keys()].some((other) => other !== id && unions.find(other) === unions.find(id) && !children.has(other))) continue;
    const root = unions.find(id);
    const best = parentOf.get(root);
    if (!best || p.count > best.count || (p.count === best.count && p.order < best.order)) parentOf.set(root, p);
  }

  const familyLength = (i: number) => Math.min(...(forms.get(`c${i}`) ?? [[]]).map((f) => stem(f).length || f.length));
  const out = new Map<string, SupplierGroup>();
  const taken = new Map<string, number>();
  const roots = [...members.keys()].sort((x, y) => {
    const [a, b] = [clusters[members.get(x)![0]].anchorKey, clusters[members.get(y)![0]].anchorKey];
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (const root of roots) {
    const list = members.get(root)!;
    let name: string;
    let source: SupplierGroup['source'];
    const parent = parentOf.get(root);
    if (parent) [name, source] = [parent.name, 'relationship'];
    else {
      const head = [...list].sort(
        (x, y) =>
          familyLength(x) - familyLength(y) ||
          clusters[y].members.length - clusters[x].members.length ||
          titleScore(clusters[y].name) - titleScore(clusters[x].name) ||
          (clusters[x].name < clusters[y].name ? -1 : 1),
      )[0];
      name = clusters[head].name;
      source = factRoots.has(root) ? 'relationship' : list.length > 1 ? 'shared-name' : 'self';
    }
    const base = orderedKey(name).replace(/ /g, '-') || clusters[list[0]].anchorKey.replace(/ /g, '-');
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const group: SupplierGroup = { id: n === 1 ? base : `${base}-${n}`, name, source, members: list.map((i) => clusters[i].anchorKey) };
    for (const i of list) out.set(clusters[i].anchorKey, group);
  }
  return out;
}
