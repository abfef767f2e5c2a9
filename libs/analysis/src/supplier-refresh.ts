import { clusterSuppliers, SupplierCluster, SupplierDecision } from '@app/suppliers';
import { Clock, DecisionRecord, NumberedCluster, SuppliersRepository } from '@app/persistence';

export function toDecision(d: DecisionRecord): SupplierDecision {
  switch (d.kind) {
    case 'merge':
    case 'never-merge':
      return { kind: d.kind, a: d.nameA ?? '', b: d.nameB ?? '' };
    case 'split':
      return { kind: 'split', name: d.nameA ?? '', from: d.names };
    case 'rename':
      return { kind: 'rename', name: d.nameA ?? '', to: d.newName ?? '' };
  }
}

/**
 * Gives each new clustering the supplier ids of the last one: a cluster keeps the id most of
 * its names had, so links, decisions and bookmarks to a supplier survive re-clustering.
 */
export function numberClusters(clusters: SupplierCluster[], previous: Map<string, number>): NumberedCluster[] {
  const order = clusters.map((cluster, i) => ({ cluster, i })).sort((a, b) => b.cluster.members.length - a.cluster.members.length || a.i - b.i);
  const taken = new Set<number>();
  const ids = new Map<number, number | null>();
  for (const { cluster, i } of order) {
    const votes = new Map<number, number>();
    for (const m of cluster.members) {
      const id = previous.get(m.name);
      // Ties go to the supplier that held the cluster's anchor (the name it is known by).
      if (id !== undefined && !taken.has(id)) votes.set(id, (votes.get(id) ?? 0) + (m.key === cluster.anchorKey ? 1.5 : 1));
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
    if (best !== null) taken.add(best);
    ids.set(i, best);
  }
  return clusters.map((cluster, i) => ({ id: ids.get(i) ?? null, cluster }));
}

/** Works the canonical suppliers out again from every name seen, the known relationships and the ledger. */
export class SupplierRefresh {
  constructor(private readonly suppliers: SuppliersRepository, private readonly clock: Clock) {}

  async run(): Promise<{ suppliers: number; names: number; suggestions: number }> {
    const result = await this.suppliers.refresh(({ observations, relationships, decisions, previous }) => {
      const { clusters, suggestions } = clusterSuppliers(observations, { relationships, decisions: decisions.map(toDecision) });
      return { numbered: numberClusters(clusters, previous), suggestions };
    }, this.clock());
    return { suppliers: result.numbered.length, names: result.names, suggestions: result.suggestions.length };
  }
}
