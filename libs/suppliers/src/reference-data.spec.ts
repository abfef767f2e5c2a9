import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { clusterSuppliers, SupplierCluster, SupplierRelationship } from './cluster';

// The shipped reference data (data/suppliers/supplier-relationships.csv): the names no rule can
// see (abbreviations, brands, renames), each with its source.
const FILE = path.resolve(__dirname, '../../../data/suppliers/supplier-relationships.csv');
const rows: Record<string, string>[] = parse(fs.readFileSync(FILE), { columns: true });
const relationships: SupplierRelationship[] = rows.map((r) => ({ kind: r.kind as SupplierRelationship['kind'], name: r.name, target: r.target || null, companyNumber: r.company_number || null }));

function clustersFor(names: string[]): SupplierCluster[] {
  const { clusters } = clusterSuppliers(names.map((name) => ({ name })), { relationships });
  return names.map((n) => {
    const c = clusters.find((x) => x.members.some((m) => m.name === n));
    if (!c) throw new Error(`no cluster holds ${n}`);
    return c;
  });
}

describe('supplier reference data', () => {
  it('gives every fact a kind, a name, a target where it needs one, and a source', () => {
    const bad = rows.filter((r) => !['rename', 'alias', 'group', 'reseller'].includes(r.kind) || !r.name || (r.kind !== 'reseller' && !r.target) || !r.source);
    expect(bad).toEqual([]);
    const seen = new Set<string>();
    const repeated = rows.filter((r) => (seen.has(`${r.kind}|${r.name}`) ? true : (seen.add(`${r.kind}|${r.name}`), false)));
    expect(repeated).toEqual([]);
  });

  it.each([
    ['CCS', 'Crown Commercial Service'],
    ['Crown Commercial Services', 'CCS'],
    ['ESPO', 'Eastern Shires Purchasing Organisation'],
    ['YPO', 'Yorkshire Purchasing Organisation'],
    ['NEPO', 'North East Procurement Organisation'],
    ['North Eastern Purchasing Organisation', 'NEPO'],
    ['Scape', 'Scape Group Limited'],
    ['Northgate Public Services (UK) Ltd', 'NEC Software Solutions UK Ltd'],
    ['Northgate Public Services', 'NEC Software Solutions UK Limited'],
    ['ZURICH MUNICIPAL', 'Zurich Insurance PLC'],
    ['Galliford Try Partnerships Ltd', 'Vistry Partnerships Ltd'],
    ['BT', 'British Telecommunications plc'],
  ])('%j is the same supplier as %j', (a, b) => {
    const [x, y] = clustersFor([a, b]);
    expect(x.anchorKey).toBe(y.anchorKey);
  });

  it.each([
    ['Scape Procure Limited', 'Scape'],
    ['NPS Property Consultants Limited', 'Norse Commercial Services Ltd'],
    ['Mitie Property Services (UK) Ltd', 'MITIE Cleaning and Environmental Services Limited'],
    ['BT IT Services Limited', 'British Telecommunications plc'],
    ['Liquidlogic Ltd', 'System C Healthcare Ltd'],
  ])('%j is in the same group as %j', (a, b) => {
    const [x, y] = clustersFor([a, b]);
    expect(x.anchorKey).not.toBe(y.anchorKey);
    expect(x.groupId).toBe(y.groupId);
  });

  it.each([
    ['NPS Property Consultants Limited', 'Northgate Public Services'],
    ['CCS Jeweltone Ltd', 'Crown Commercial Service'],
    ['ESPO', 'YPO'],
  ])('keeps %j and %j apart, in different groups', (a, b) => {
    const [x, y] = clustersFor([a, b]);
    expect(x.groupId).not.toBe(y.groupId);
  });
});
