import { CollaborativeOpportunity } from './collaborative';
import { rankAndCut, readsToCover } from './rank-and-cut';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const GLASGOW = 'S12000049';

function finding(id: string, councils: string[], contractIds: number[], annualValue: number, score: number): CollaborativeOpportunity {
  return {
    id, kind: 'collaborative', basis: 'category', key: 'Hosting', label: `Same category: Hosting (${id})`, councils, contractIds,
    windowFrom: '2027-04-01', windowTo: '2028-03-31', plan: [], annualValue, earliestDecisionDate: '2026-10-01', score, why: [`${councils.length} councils buy Hosting`],
  };
}

const RULES = { minCouncils: 2, minAnnualValue: 10_000 };

describe('rankAndCut', () => {
  it.each([
    ['below the value threshold', finding('a', [FIFE, ANGUS], [1, 2], 9_999, 30), 0],
    ['at the value threshold', finding('a', [FIFE, ANGUS], [1, 2], 10_000, 30), 1],
    ['with no value known at all (unknown is not small)', finding('a', [FIFE, ANGUS], [1, 2], 0, 30), 1],
    ['with one council only', finding('a', [FIFE], [1, 2], 50_000, 30), 0],
  ])('keeps a finding %s only when the rules allow', (_why, f, kept) => {
    expect(rankAndCut([f], RULES).kept).toHaveLength(kept);
  });

  it('cuts on a higher councils threshold', () => {
    const two = finding('two', [FIFE, ANGUS], [1, 2], 50_000, 30);
    const three = finding('three', [FIFE, ANGUS, GLASGOW], [3, 4, 5], 50_000, 40);
    expect(rankAndCut([two, three], { ...RULES, minCouncils: 3 })).toMatchObject({ kept: [{ id: 'three' }], cut: 1 });
  });

  it('ranks strongest first: score, then value, then contracts', () => {
    const weak = finding('weak', [FIFE, ANGUS], [1, 2], 20_000, 25);
    const strong = finding('strong', [FIFE, GLASGOW], [3, 4], 20_000, 35);
    const richer = finding('richer', [ANGUS, GLASGOW], [5, 6], 90_000, 25);
    expect(rankAndCut([weak, strong, richer], RULES).kept.map((f) => f.id)).toEqual(['strong', 'richer', 'weak']);
  });

  it('folds windows over mostly the same contracts and the same councils into the strongest, keeping its id and plan', () => {
    const a = finding('a', [FIFE, ANGUS], [1, 2, 3, 4], 40_000, 32);
    const b = finding('b', [FIFE, ANGUS], [2, 3, 4, 5], 40_000, 31);
    const result = rankAndCut([b, a], RULES);
    expect(result.merged).toBe(1);
    expect(result.kept).toHaveLength(1);
    const [kept] = result.kept;
    expect(kept).toMatchObject({ id: 'a', contractIds: [1, 2, 3, 4], merged: [{ id: 'b', contracts: 4 }] });
    expect(kept.why.at(-1)).toMatch(/one similar finding over mostly the same contracts/);
    // The input is not changed: a second run over the same findings gives the same answer.
    expect(a.why).toHaveLength(1);
  });

  it('keeps apart findings of other councils, or sharing few contracts', () => {
    const a = finding('a', [FIFE, ANGUS], [1, 2, 3, 4], 40_000, 32);
    const otherCouncils = finding('b', [FIFE, ANGUS, GLASGOW], [1, 2, 3, 4, 9], 40_000, 31);
    const fewShared = finding('c', [FIFE, ANGUS], [4, 5, 6, 7], 40_000, 30);
    expect(rankAndCut([a, otherCouncils, fewShared], RULES).kept.map((f) => f.id)).toEqual(['a', 'b', 'c']);
  });

  it('counts several merged findings in one line of why', () => {
    const a = finding('a', [FIFE, ANGUS], [1, 2, 3, 4], 40_000, 33);
    const b = finding('b', [FIFE, ANGUS], [1, 2, 3], 40_000, 32);
    const c = finding('c', [FIFE, ANGUS], [2, 3, 4], 40_000, 31);
    const [kept] = rankAndCut([a, b, c], RULES).kept;
    expect(kept.merged?.map((m) => m.id)).toEqual(['b', 'c']);
    expect(kept.why.filter((w) => /similar findings/.test(w))).toEqual(['2 similar findings over mostly the same contracts and the same councils merged into this one']);
  });
});

describe('readsToCover', () => {
  const values = new Map([[1, 50], [2, 30], [3, 10], [4, 10]]);
  const valueOf = (id: number) => values.get(id) ?? 0;

  it('counts findings read strongest first until the share of aligned value is seen', () => {
    const list = [finding('a', [FIFE, ANGUS], [1], 0, 3), finding('b', [FIFE, ANGUS], [2], 0, 2), finding('c', [FIFE, ANGUS], [3, 4], 0, 1)];
    expect(readsToCover(list, valueOf, 0.8)).toBe(2);
    expect(readsToCover(list, valueOf, 0.81)).toBe(3);
  });

  it('counts a contract in two findings once', () => {
    const list = [finding('a', [FIFE, ANGUS], [1, 2], 0, 3), finding('b', [FIFE, ANGUS], [1, 2], 0, 2), finding('c', [FIFE, ANGUS], [3, 4], 0, 1)];
    expect(readsToCover(list, valueOf, 0.9)).toBe(3);
    expect(readsToCover([], valueOf)).toBe(0);
  });
});
