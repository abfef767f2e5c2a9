import { AnalysisOptions, categoryKey, collaborativeOpportunities, ContractFacts, HomeCategories, mayJoinAsBlank, supplierGroupKey } from './collaborative';
import { CategoryLandscape, categoryLandscapes, PlatformCommunity, platformCommunities } from './platform';
import { CutRules, rankAndCut, RankedOpportunity } from './rank-and-cut';

/**
 * The analysis in parts. Contracts meet in a finding only through a product, a category key, or
 * (a contract of a supplier group that gives no category) the group's main category. Those links
 * split a register into components that never share a finding, a common platform or a category
 * landscape; each part of the analysis is whole components, so analysing the parts one by one (or
 * on different workers) finds exactly what analysing everything at once finds, with a part's
 * contracts in memory rather than all of them.
 */

/** What links a contract to others, as the analysis reads it. */
export type LinkFacts = Pick<ContractFacts, 'product' | 'serviceCategory' | 'councilCategory' | 'supplierId' | 'supplierGroupId'>;

export interface PartitionPlan {
  /** Each contract's part (in the order added); -1 when it can be in no finding at all. */
  partOf: Int32Array;
  /** Contracts in each part. */
  sizes: number[];
  /** Components (sets of contracts that may share a finding) across all parts. */
  components: number;
}

export interface PartitionLimits {
  /** Contracts a part holds at most, unless one component alone is larger (it is then a part of its own). */
  maxContracts: number;
  /** Parts to make at least, when there are enough components (to share the work among workers). */
  minParts?: number;
}

/** Builds the plan one contract at a time (no object per contract is kept). */
export class PartitionPlanner {
  private readonly nodes = new Map<string, number>();
  private readonly parent: number[] = [];
  /** Each contract's node (-1: none). */
  private nodeOf: Int32Array;
  /** The node of each supplier group's blank rows, joined to the group's main category once every row is in. */
  private readonly blankGroup = new Map<number, string>();
  private readonly homes = new HomeCategories();
  private count = 0;

  constructor(expected = 1024) {
    this.nodeOf = new Int32Array(Math.max(16, expected));
  }

  add(c: LinkFacts): void {
    if (this.count === this.nodeOf.length) {
      const grown = new Int32Array(this.nodeOf.length * 2);
      grown.set(this.nodeOf);
      this.nodeOf = grown;
    }
    const category = categoryKey(c);
    const group = supplierGroupKey(c);
    this.homes.add(group, category);
    let node = -1;
    if (category !== null) node = this.node(`c\u0000${category}`);
    if (c.product) {
      const product = this.node(`p\u0000${c.product}`);
      if (node >= 0) this.union(node, product);
      node = product;
    } else if (node < 0 && group !== null && mayJoinAsBlank(c)) {
      // A blank row of a supplier group: it belongs with the group's main category, known only once every row is in.
      node = this.node(`g\u0000${group}`);
      this.blankGroup.set(node, group);
    }
    this.nodeOf[this.count++] = node;
  }

  plan(limits: PartitionLimits): PartitionPlan {
    // A group with no categorised contract: its blank rows can join nothing.
    const dead = new Set<number>();
    for (const [node, group] of this.blankGroup) {
      const home = this.homes.of(group);
      if (home !== null) this.union(node, this.node(`c\u0000${home}`));
      else dead.add(node);
    }
    const size = new Map<number, number>();
    for (let k = 0; k < this.count; k++) {
      const node = this.nodeOf[k];
      if (node < 0 || dead.has(node)) continue;
      const root = this.find(node);
      size.set(root, (size.get(root) ?? 0) + 1);
    }
    // Largest first, each into the first part with room (a part of its own when larger than a part).
    const total = [...size.values()].reduce((a, b) => a + b, 0);
    const capacity = Math.max(1, Math.min(limits.maxContracts, Math.ceil(total / Math.max(1, limits.minParts ?? 1))));
    const partOfRoot = new Map<number, number>();
    const sizes: number[] = [];
    for (const [root, n] of [...size].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
      let part = sizes.findIndex((s) => s + n <= capacity);
      if (part < 0) {
        part = sizes.length;
        sizes.push(0);
      }
      sizes[part] += n;
      partOfRoot.set(root, part);
    }
    const partOf = new Int32Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const node = this.nodeOf[k];
      partOf[k] = node < 0 || dead.has(node) ? -1 : partOfRoot.get(this.find(node))!;
    }
    return { partOf, sizes, components: size.size };
  }

  private node(key: string): number {
    let n = this.nodes.get(key);
    if (n === undefined) {
      this.nodes.set(key, (n = this.parent.length));
      this.parent.push(n);
    }
    return n;
  }

  private find(n: number): number {
    while (this.parent[n] !== n) {
      this.parent[n] = this.parent[this.parent[n]];
      n = this.parent[n];
    }
    return n;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Whether `contracts` contracts are one part whatever their links: the plan packs components into
 * parts of `maxContracts`, so when all of them fit and no more parts are asked for, it makes one.
 */
export function fitsOnePart(contracts: number, limits: PartitionLimits): boolean {
  return contracts <= limits.maxContracts && (limits.minParts ?? 1) <= 1;
}

/** The plan for contracts already in memory. */
export function partitionPlan(contracts: readonly LinkFacts[], limits: PartitionLimits): PartitionPlan {
  const planner = new PartitionPlanner(contracts.length);
  for (const c of contracts) planner.add(c);
  return planner.plan(limits);
}

/** What the analysis finds in a set of contracts (all of them, or one part). */
export interface PartFindings {
  kept: RankedOpportunity[];
  cut: number;
  merged: number;
  platforms: PlatformCommunity[];
  categories: CategoryLandscape[];
}

/** Collaborative findings ranked and cut, common platforms and category landscapes of `contracts`. */
export function findingsOf(contracts: ContractFacts[], options: AnalysisOptions, rules: CutRules): PartFindings {
  const { kept, cut, merged } = rankAndCut(collaborativeOpportunities(contracts, options), rules);
  return { kept, cut, merged, platforms: platformCommunities(contracts), categories: categoryLandscapes(contracts) };
}
