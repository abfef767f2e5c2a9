import { clusterSuppliers, SupplierCluster, SupplierRelationship } from './cluster';
import { groupSuppliers } from './groups';

function clusterOf(clusters: SupplierCluster[], name: string): SupplierCluster {
  const c = clusters.find((x) => x.members.some((m) => m.name === name));
  if (!c) throw new Error(`no cluster holds ${name}`);
  return c;
}

function groupsOf(names: string[], relationships: SupplierRelationship[] = []): SupplierCluster[] {
  const { clusters } = clusterSuppliers(names.map((name) => ({ name })), { relationships });
  return names.map((n) => clusterOf(clusters, n));
}

const NEC: SupplierRelationship[] = [
  { kind: 'rename', name: 'Northgate Public Services (UK) Limited', target: 'NEC Software Solutions UK Limited' },
  { kind: 'group', name: 'NEC Software Solutions UK Limited', target: 'NEC Corporation' },
];

describe('supplier groups', () => {
  it.each([
    ['a brand and its legal entities', ['Arcadis', 'Arcadis Consulting (UK) Ltd', 'ARCADIS CONSULTING EUROPE LIMITED', 'Arcadis LLP'], [], 'Arcadis'],
    ['legal entities sharing a leading name, no brand', ['Arcadis Consulting (UK) Ltd', 'ARCADIS CONSULTING EUROPE LIMITED'], [], null],
    ['a company and its subsidiary named after it', ['Capita plc', 'Capita Business Services Ltd'], [], 'Capita plc'],
    ['a brand with a word more', ['Vodafone Limited', 'VODAFONE CONNECT LIMITED', 'Vodafone Central Unified Communications Group'], [], 'Vodafone Limited'],
    ['a family name ending in "Group"', ['Mitie Group plc', 'MITIE Landscapes Ltd', 'Mitie Property Services (UK) Ltd'], [], 'Mitie Group plc'],
    ['"(part of …)"', ['Teal (part of Senator International Ltd)', 'Senator International Ltd'], [], 'Senator International Ltd'],
    ['", part of …" naming a family others belong to', ['Greenfields, part of Caretech', 'Inspire, part of CareTech', 'CareTech Community Services Ltd'], [], 'Caretech'],
    ['a parent from reference data, through a rename', ['Northgate Public Services (UK) Ltd', 'NEC Software Solutions UK Ltd', 'NEC Corporation'], NEC, 'NEC Corporation'],
    ['a vendor from reference data', ['Liquidlogic Ltd', 'System C Healthcare Ltd'], [{ kind: 'group', name: 'Liquidlogic Ltd', target: 'System C Healthcare' }], 'System C Healthcare'],
  ] as [string, string[], SupplierRelationship[], string | null][])('%s: %j', (_rule, names, relationships, groupName) => {
    const clusters = groupsOf(names, relationships);
    expect(new Set(clusters.map((c) => c.groupId)).size).toBe(1);
    expect(new Set(clusters.map((c) => c.groupName)).size).toBe(1);
    if (groupName) expect(clusters[0].groupName).toBe(groupName);
    expect(clusters[0].groupSource).not.toBe('self');
  });

  it.each([
    ['Capita plc', 'Capital Software Ltd'],
    ['Link Community Care Ltd', 'Link Contracting Services Ltd'],
    ['Link', 'Link Treasury Services Ltd'],
    ['Care 4 Children', 'Care By Us Ltd'],
    ['Wyre Borough Council', 'Wyre Forest District Council'],
    ['North Yorkshire County Council', 'North Lakes Childrens Services'],
    ['John Wade Groundworks Ltd', 'John Graham Construction'],
    ['Unit4 Business Software Ltd', 'Unit 5 Business Software Ltd'],
    ['Green Machines Sweepers Ltd', 'Green Park Interim &amp; Executive Search'],
    ['Atkins Ltd', 'Watkins Ltd'],
    ['Allied Vehicles Ltd', 'Allied Healthcare Group'],
    ['Phoenix Software Ltd', 'Phoenix Childcare Ltd'],
    ['D R Caswell Limited', 'D R Jones (Yeovil) Ltd'],
    ['Trevors Warehouses Ltd', 'Trevors Foodservice'],
  ])('keeps %j and %j in different groups', (a, b) => {
    const [x, y] = groupsOf([a, b]);
    expect(x.groupId).not.toBe(y.groupId);
  });

  it('a misspelling shared by two names is no family name: "Acecss Point Technologies" and "Acecss UK" stay apart', () => {
    const names = ['Access Point Technologies Limited', 'Access Point Technologies Ltd', 'Acecss Point Technologies Limited', 'Access UK Ltd', 'ACCESS UK LIMITED', 'Acecss UK Limited'];
    const [point, , pointSlip, uk, , ukSlip] = groupsOf(names, [{ kind: 'group', name: 'Access UK Ltd', target: 'The Access Group' }]);
    expect(pointSlip.groupId).toBe(point.groupId);
    expect(ukSlip.groupId).toBe(uk.groupId);
    expect(point.groupId).not.toBe(uk.groupId);
  });

  it('a supplier with no family is its own group, named after it', () => {
    const [c] = groupsOf(['Civica UK Ltd']);
    expect([c.groupId, c.groupName, c.groupSource, c.group]).toEqual(['civica', 'Civica UK Ltd', 'self', null]);
  });

  it('gives a group a stable id from its name, whatever the order of the names', () => {
    const names = ['ARCADIS CONSULTING EUROPE LIMITED', 'Arcadis Consulting (UK) Ltd', 'Arcadis'];
    const a = groupsOf(names)[0].groupId;
    const b = groupsOf([...names].reverse())[0].groupId;
    expect([a, b]).toEqual(['arcadis', 'arcadis']);
  });

  it('is also a function of the clusters alone, for storage to call', () => {
    const { clusters } = clusterSuppliers([{ name: 'Capita plc' }, { name: 'Capita Business Services Ltd' }, { name: 'Civica UK Ltd' }]);
    const groups = groupSuppliers(clusters);
    expect([...new Set(groups.values())].map((g) => [g.name, g.members.length]).sort()).toEqual([
      ['Capita plc', 2],
      ['Civica UK Ltd', 1],
    ]);
    for (const c of clusters) expect(groups.get(c.anchorKey)?.id).toBe(c.groupId);
  });
});
