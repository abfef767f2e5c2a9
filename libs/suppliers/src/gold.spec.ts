import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { clusterSuppliers, SupplierRelationship } from './cluster';
import { pairwiseScores } from './evaluate';

// The hand-labelled gold set (data/suppliers): real names from Contracts Finder and the LGAM
// catalogue plus hard cases. A wrong merge hides a real difference, so precision matters most.
const DATA = path.resolve(__dirname, '../../../data/suppliers');

/**
 * Each row: the entity (the company) and the group (its parent or family) a careful person would
 * give the name. Entities labelled `none-…` are not suppliers ("Contract not awarded", "N/A").
 */
export function loadGold(): { names: { name: string; companyNumber: string | null }[]; labels: Map<string, string>; groups: Map<string, string>; relationships: SupplierRelationship[] } {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(DATA, 'gold-supplier-names.csv')), { columns: true });
  const relationships: SupplierRelationship[] = (parse(fs.readFileSync(path.join(DATA, 'supplier-relationships.csv')), { columns: true }) as Record<string, string>[]).map((r) => ({
    kind: r.kind as SupplierRelationship['kind'],
    name: r.name,
    target: r.target || null,
    companyNumber: r.company_number || null,
  }));
  return {
    names: rows.map((r) => ({ name: r.name, companyNumber: r.company_number || null })),
    labels: new Map(rows.map((r) => [r.name, r.entity])),
    groups: new Map(rows.map((r) => [r.name, r.group || r.entity])),
    relationships,
  };
}

describe('supplier matching on the gold set', () => {
  const gold = loadGold();
  const { clusters } = clusterSuppliers(gold.names, { relationships: gold.relationships });
  const clusterOf = new Map<string, string>();
  const groupOf = new Map<string, string>();
  for (const c of clusters) {
    for (const m of c.members) {
      clusterOf.set(m.name, c.anchorKey);
      groupOf.set(m.name, c.groupId);
    }
  }
  const scores = pairwiseScores(gold.labels, clusterOf);
  const groupScores = pairwiseScores(gold.groups, groupOf);

  it('labels enough names and pairs to mean something', () => {
    expect(gold.labels.size).toBeGreaterThanOrEqual(120);
    expect(scores.truePairs).toBeGreaterThanOrEqual(120);
  });

  it('merges no two names that name different suppliers (precision ≥ 0.99)', () => {
    expect(scores.wrong).toEqual([]);
    expect(scores.precision).toBeGreaterThanOrEqual(0.99);
  });

  it('finds at least 95% of the pairs that name the same supplier', () => {
    expect({ recall: scores.recall, missed: scores.missed }).toEqual({ recall: expect.any(Number), missed: expect.any(Array) });
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('puts no name that is not a supplier in any cluster', () => {
    const placeholders = [...gold.labels].filter(([, entity]) => entity.startsWith('none')).map(([name]) => name);
    expect(placeholders.length).toBeGreaterThanOrEqual(5);
    expect(placeholders.filter((n) => clusterOf.has(n))).toEqual([]);
  });

  it('groups suppliers by parent or family (group precision ≥ 0.99, recall ≥ 0.95)', () => {
    expect(groupScores.truePairs).toBeGreaterThan(scores.truePairs);
    expect(groupScores.wrong).toEqual([]);
    expect(groupScores.precision).toBeGreaterThanOrEqual(0.99);
    expect(groupScores.recall).toBeGreaterThanOrEqual(0.95);
  });
});
