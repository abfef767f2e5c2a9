import { decisionQuarters, monthTicks, quarterLabel } from './chart-axes';

describe('chart axes', () => {
  it('counts decisions in every quarter from today on, empty quarters included, after the overdue ones', () => {
    const contracts = [
      { decisionDate: '2026-10-01', council: 'A', annualValue: 10 },
      { decisionDate: '2027-08-15', council: 'B', annualValue: 20 },
      { decisionDate: '2027-09-30', council: 'A', annualValue: null },
      { decisionDate: '2031-01-01', council: 'C', annualValue: 5 },
      { decisionDate: null, council: 'C', annualValue: 5 },
    ];
    const q = decisionQuarters(contracts, '2026-12-01', 12);
    expect(q.map((b) => b.quarter)).toEqual(['Overdue', 'Oct–Dec 2026', 'Jan–Mar 2027', 'Apr–Jun 2027', 'Jul–Sep 2027', 'Oct–Dec 2027']);
    expect(q.map((b) => b.count)).toEqual([1, 0, 0, 0, 2, 0]);
    expect(q[4]).toMatchObject({ councils: 2, value: 20 });
    expect(q[1].current).toBe(true);
    // 1 December is 61 of the quarter's 92 days in.
    expect(q[1].todayAt).toBeCloseTo(61 / 92, 5);
    expect(q.filter((b) => b.current)).toHaveLength(1);
  });

  it('ticks on the first of a month, a quarter or a year, never more than asked', () => {
    expect(monthTicks('2026-11-17', '2027-04-30')).toEqual(['2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01']);
    const long = monthTicks('2026-11-17', '2030-02-03');
    expect(long.length).toBeLessThanOrEqual(8);
    expect(long.every((d) => d.endsWith('-01') && ['01', '07'].includes(d.slice(5, 7)))).toBe(true);
    expect(monthTicks('2020-01-05', '2040-01-01').every((d) => d.endsWith('-01-01'))).toBe(true);
    expect(quarterLabel('2027-04-01')).toBe('Apr–Jun 2027');
  });
});
