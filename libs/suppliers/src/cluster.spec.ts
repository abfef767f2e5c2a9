import { clusterSuppliers, SupplierCluster } from './cluster';

function clusterOf(clusters: SupplierCluster[], name: string): SupplierCluster {
  const c = clusters.find((x) => x.members.some((m) => m.name === name));
  if (!c) throw new Error(`no cluster holds ${name}`);
  return c;
}

function together(names: string[], options = {}): boolean {
  const { clusters } = clusterSuppliers(names.map((name) => ({ name })), options);
  const anchors = new Set(names.map((n) => clusterOf(clusters, n).anchorKey));
  return anchors.size === 1;
}

describe('clusterSuppliers joins as a careful person would', () => {
  it.each([
    ['transposed letters', ['COMPUTACENTER (UK) LIMITED', 'Comptuacenter (UK) Ltd']],
    ['a space moved or lost', ['Sopra Steria Ltd', 'Sopr aSteria Ltd', 'SopraSteria', 'SOPRA STERIA LIMITED']],
    ['misspelt legal suffixes', ['Sure Maintenance Ltd', 'Sure Maintenance Limted', 'Sure Maintenance Ltd.', 'SURE MAINTENANCE LTD', 'Sure Maintenance Limitd', 'Sure Maintenance Lmited']],
    ['& and "and", HTML entities', ['Ove Arup & Partners', 'Ove Arup and Partners Ltd', 'Ove Arup &amp; Partners', 'OVE ARUP &amp;amp; PARTNERS LIMITED']],
    ['a letter dropped and one doubled', ['Willmott Dixon Construction Ltd', 'Wilmot Dixon Construction Ltd']],
    ['a former name in brackets', ['Intelligent Resource (Was Sopra Steria Recruitment Ltd)', 'Intelligent Resource Ltd', 'Sopra Steria Recruitment Limited']],
    ['"formerly", and a former name written with a space', ['Keys Care (formerly BetterCare Keys Limited)', 'BetterCare Keys Ltd', 'Better Care Keys Ltd']],
    ['a former name cut short', ['Vistry Partnerships Ltd', 'Vistry Partnerships (formerly known as Galliford Try Partnership', 'Galliford Try Partnerships Ltd']],
    ['t/a', ['Electrosafe Ltd T/A Veriserv', 'Veriserv Ltd', 'Electrosafe Limited']],
    ['trading as, with the legal name cut at 64 characters', ['Holistic Health &amp; Support Ltd t/a Bluebird Care (Cambridge a', 'Holistic Health and Support Limited']],
    ['registered as', ['Centra Care &amp; Support (registered as Circle Support)', 'Circle Support Ltd']],
    ['a name cut at 64 characters', ['Centre Thirty Three Young People&#039;s Counselling and Informat', "Centre Thirty Three Young People's Counselling and Information Service"]],
    ['a plural', ['Crown Commercial Service', 'Crown Commercial Services']],
    ['a misspelt word inside a long name', ['Rentokil Initial UK Ltd', 'Rentokil Intial UK Ltd']],
  ])('%s: %j', (_rule, names) => {
    expect(together(names)).toBe(true);
  });

  it("joins one council's repeated slip of a well-used name, even where the slip also appears in a bracket", () => {
    const names = [
      ...Array.from({ length: 30 }, () => 'Civica UK Ltd'), 'CIVICA UK LIMITED', 'Civica UK', 'Civica (Civica UK Ltd)',
      'Ciivca UK LTD', 'Ciivca Uk Limitd', 'Ciivca UK Limited', 'Civica (Ciivca Uk Ltd.)',
    ];
    const { clusters } = clusterSuppliers(names.map((name) => ({ name })));
    expect(new Set(['Civica UK Ltd', 'Ciivca UK LTD', 'Ciivca Uk Limitd'].map((n) => clusterOf(clusters, n).anchorKey)).size).toBe(1);
  });

  it('keeps apart two real names one slip apart even when one is much more used than the other', () => {
    const names = [...Array.from({ length: 30 }, () => 'Capita Business Services Ltd'), 'Capital Business Services Ltd', 'Capital Business Services'];
    const { clusters } = clusterSuppliers(names.map((name) => ({ name })));
    expect(clusterOf(clusters, 'Capital Business Services Ltd').anchorKey).not.toBe(clusterOf(clusters, 'Capita Business Services Ltd').anchorKey);
  });

  it.each([
    ['Capita plc', 'Capital Software Ltd'],
    ['Capita Software Ltd', 'Capital Software Ltd'],
    ['North Consulting Ltd', 'Forth Consulting Ltd'],
    ['Unit 4 Ltd', 'Unit 5 Ltd'],
    ['Unit4 Business Software Ltd', 'Unit 5 Business Software Ltd'],
    ['Atkins Ltd', 'Watkins Ltd'],
    ['Idox', 'Idex'],
    ['Options Autism (1) Limited', 'Options Autism (5) Limited'],
    ['Esland North Ltd', 'Esland South Ltd'],
    ['SGS MIS Environmental Ltd', 'SGS DMW Environmental Ltd'],
    ['Keys PCE Ltd', 'Keys PCF Ltd'],
    ['Arcadis Consulting (UK) Ltd', 'ARCADIS CONSULTING EUROPE LIMITED'],
    ['Arcadis', 'Arcadis Consulting (UK) Ltd'],
    ['Vodafone Limited', 'VODAFONE CONNECT LIMITED'],
    ['Link Community Care Ltd', 'Link Contracting Services Ltd'],
    ['Wyre Borough Council', 'Wyre Forest District Council'],
    ['Trevors Warehouses Ltd', 'Trevors Foodservice'],
    ['Teal (part of Senator International Ltd)', 'Senator International Ltd'],
    ['NPS Property Consultants Ltd', 'Northgate Public Services'],
    ['Mineral Products Association Ltd', 'Mineral Product Association Lighting Ltd'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(together([a, b])).toBe(false);
  });

  it.each(['Contract not awarded', 'N/A', 'n/a', 'Various', 'Withheld', 'TBC', 'See attached', 'Not Applicable', 'Name withheld (as individual and not a company)'])(
    '%j is not a supplier: no cluster holds it',
    (raw) => {
      const { clusters, suggestions } = clusterSuppliers([{ name: raw }, { name: 'Not applicable' }, { name: 'Civica UK Ltd' }]);
      expect(clusters.map((c) => c.members.map((m) => m.name))).toEqual([['Civica UK Ltd']]);
      expect(suggestions).toEqual([]);
    },
  );

  it('explains how each name joined', () => {
    const { clusters } = clusterSuppliers([
      { name: 'Sopra Steria Ltd', count: 3 },
      { name: 'SopraSteria' },
      { name: 'Sopra Stera Ltd' },
      { name: 'Intelligent Resource (Was Sopra Steria Recruitment Ltd)' },
      { name: 'Sopra Steria Recruitment Ltd' },
      { name: 'Centre Thirty Three Young People&#039;s Counselling and Informat' },
      { name: "Centre Thirty Three Young People's Counselling and Information Service", count: 2 },
    ]);
    const rule = (name: string) => clusterOf(clusters, name).members.find((m) => m.name === name)?.rule;
    expect([rule('SopraSteria'), rule('Sopra Stera Ltd'), rule('Sopra Steria Recruitment Ltd'), rule('Centre Thirty Three Young People&#039;s Counselling and Informat')]).toEqual([
      'spacing',
      'typo',
      'former-name',
      'truncated',
    ]);
  });

  it('sends a near name that no rule can decide to the review queue', () => {
    const { suggestions } = clusterSuppliers([{ name: 'North Consulting Ltd' }, { name: 'Forth Consulting Ltd' }, { name: 'Capita Software Ltd' }, { name: 'Capital Software Ltd' }]);
    expect(suggestions.map((s) => [s.a, s.b, s.rule]).sort()).toEqual([
      ['Capita Software Ltd', 'Capital Software Ltd', 'similar-name'],
      ['Forth Consulting Ltd', 'North Consulting Ltd', 'similar-name'],
    ]);
    for (const s of suggestions) expect(Object.keys(s).sort()).toEqual(['a', 'b', 'keyA', 'keyB', 'rule', 'score']);
  });
});

describe('clusterSuppliers', () => {
  it('joins spellings by key and names the supplier by its most used spelling', () => {
    const { clusters } = clusterSuppliers([
      { name: 'CIVICA UK LIMITED', count: 2 },
      { name: 'Civica UK Ltd', count: 5 },
      { name: 'Civica', count: 1 },
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].name).toBe('Civica UK Ltd');
    expect(clusters[0].members.map((m) => [m.name, m.rule])).toEqual([
      ['CIVICA UK LIMITED', 'same-key'],
      ['Civica', 'same-key'],
      ['Civica UK Ltd', 'same-key'],
    ]);
  });

  it('joins different names that share a Companies House number, and keeps the number', () => {
    const { clusters } = clusterSuppliers([
      { name: 'National Westminster Bank plc', companyNumber: '929027' },
      { name: 'NatWest Markets', companyNumber: '00929027' },
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].companyNumber).toBe('00929027');
    expect(clusters[0].members.map((m) => m.rule).sort()).toEqual(['company-number', 'same-key']);
  });

  it('joins a trading name to its legal name', () => {
    const { clusters } = clusterSuppliers([{ name: 'Electrosafe Ltd T/A Veriserv' }, { name: 'Veriserv' }]);
    expect(clusters).toHaveLength(1);
  });

  it('joins a clear typo with the rule and a score, and only suggests a near name', () => {
    const { clusters, suggestions } = clusterSuppliers([
      { name: 'Willmott Dixon Construction Ltd' },
      { name: 'Wilmott Dixon Construction Ltd' },
      { name: 'Capita plc' },
      { name: 'Capital Software Ltd' },
      { name: 'Capita Business Services Ltd' },
    ]);
    const willmott = clusterOf(clusters, 'Wilmott Dixon Construction Ltd');
    expect(willmott.members).toHaveLength(2);
    const joined = willmott.members.find((m) => m.rule === 'typo');
    expect(joined?.score).toBeGreaterThan(0.8);
    expect(joined?.score).toBeLessThanOrEqual(1);
    expect(clusterOf(clusters, 'Capita plc').members).toHaveLength(1);
    expect(suggestions.map((s) => [s.a, s.b, s.rule])).toContainEqual(['Capita plc', 'Capita Business Services Ltd', 'dropped-word']);
  });

  it('applies known renames: the current legal name names the supplier', () => {
    const { clusters } = clusterSuppliers(
      [{ name: 'Northgate Public Services (UK) Ltd', count: 9 }, { name: 'NEC Software Solutions UK Ltd', count: 1 }],
      { relationships: [{ kind: 'rename', name: 'Northgate Public Services (UK) Limited', target: 'NEC Software Solutions UK Limited' }, { kind: 'group', name: 'NEC Software Solutions UK Limited', target: 'NEC Corporation' }] },
    );
    expect(clusters).toHaveLength(1);
    expect([clusters[0].name, clusters[0].nameSource, clusters[0].group]).toEqual(['NEC Software Solutions UK Limited', 'known-rename', 'NEC Corporation']);
    expect(clusters[0].members.find((m) => m.name.startsWith('Northgate'))?.rule).toBe('known-rename');
  });

  it('gives a supplier known only by its old name the group of its current name', () => {
    const { clusters } = clusterSuppliers([{ name: 'Northgate Public Services (UK) Ltd' }], {
      relationships: [{ kind: 'rename', name: 'Northgate Public Services (UK) Limited', target: 'NEC Software Solutions UK Limited' }, { kind: 'group', name: 'NEC Software Solutions UK Ltd', target: 'NEC Corporation' }],
    });
    expect([clusters[0].name, clusters[0].group]).toEqual(['NEC Software Solutions UK Limited', 'NEC Corporation']);
  });

  it('marks resellers', () => {
    const { clusters } = clusterSuppliers([{ name: 'SOFTCAT PLC' }], { relationships: [{ kind: 'reseller', name: 'Softcat plc', target: null }] });
    expect(clusters[0].reseller).toBe(true);
  });

  describe("analysts' decisions", () => {
    const names = [{ name: 'Rentokil Initial UK Ltd' }, { name: 'Rentokil Intial UK Ltd' }, { name: 'Initial Washroom Solutions' }];

    it('merge joins what the rules would not', () => {
      const { clusters } = clusterSuppliers(names, { decisions: [{ kind: 'merge', a: 'Initial Washroom Solutions', b: 'Rentokil Initial UK Ltd' }] });
      expect(clusters).toHaveLength(1);
      expect(clusters[0].members.find((m) => m.name === 'Initial Washroom Solutions')?.rule).toBe('analyst-merge');
    });

    it('never-merge keeps apart what the rules would join, and the pair is no longer suggested', () => {
      const { clusters, suggestions } = clusterSuppliers(names, { decisions: [{ kind: 'never-merge', a: 'Rentokil Initial UK Ltd', b: 'Rentokil Intial UK Ltd' }] });
      expect(clusters).toHaveLength(3);
      expect(suggestions.filter((s) => s.a.startsWith('Rentokil') && s.b.startsWith('Rentokil'))).toEqual([]);
    });

    it('split takes a name out of the supplier it was joined to', () => {
      const { clusters } = clusterSuppliers(names, { decisions: [{ kind: 'split', name: 'Rentokil Intial UK Ltd', from: ['Rentokil Initial UK Ltd'] }] });
      expect(clusterOf(clusters, 'Rentokil Intial UK Ltd').members).toHaveLength(1);
    });

    it('the latest decision about a pair wins', () => {
      const { clusters } = clusterSuppliers(names, {
        decisions: [
          { kind: 'never-merge', a: 'Rentokil Initial UK Ltd', b: 'Rentokil Intial UK Ltd' },
          { kind: 'merge', a: 'Rentokil Intial UK Ltd', b: 'Rentokil Initial UK Ltd' },
        ],
      });
      expect(clusterOf(clusters, 'Rentokil Intial UK Ltd').members).toHaveLength(2);
    });

    it('a never-merge also stops a merge through a third name', () => {
      const { clusters } = clusterSuppliers(
        [{ name: 'Alpha Systems Ltd', companyNumber: '01234567' }, { name: 'Alpha Systems Group', companyNumber: '01234567' }, { name: 'Beta Systems Ltd' }],
        { decisions: [{ kind: 'never-merge', a: 'Alpha Systems Group', b: 'Beta Systems Ltd' }, { kind: 'merge', a: 'Alpha Systems Ltd', b: 'Beta Systems Ltd' }] },
      );
      // Alpha Systems Ltd joins Beta first (an analyst merge), then the company number cannot bring in Alpha Systems Group.
      expect(clusterOf(clusters, 'Beta Systems Ltd').members.map((m) => m.name)).not.toContain('Alpha Systems Group');
    });

    it('rename sets the name an analyst chose', () => {
      const { clusters } = clusterSuppliers(names, { decisions: [{ kind: 'rename', name: 'Rentokil Intial UK Ltd', to: 'Rentokil Initial UK Limited' }] });
      expect([clusterOf(clusters, 'Rentokil Initial UK Ltd').name, clusterOf(clusters, 'Rentokil Initial UK Ltd').nameSource]).toEqual(['Rentokil Initial UK Limited', 'analyst']);
    });
  });
});
