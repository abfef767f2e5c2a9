import type { MatchRule } from './cluster';

/** How two keys were joined, and how sure the join is. */
export interface Edge {
  rule: MatchRule;
  score: number;
}

/** Union-find over keys, refusing unions that would join two keys an analyst kept apart. */
export class Components {
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

/** Two keys as one map key, in either order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Single-character deletions: keys sharing one are at most two edits apart (a cheap blocking). */
export function deletions(key: string): string[] {
  const out = [key];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}
