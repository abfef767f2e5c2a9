import { CalendarDate } from '@app/ingest';
import { extendEnd } from '@app/renewals';
import { collaborativeOpportunities, ContractFacts } from './collaborative';

// What a finding says about contracts presumed already extended: each by name while there are few;
// at national density one line per council (an analyst cannot read thousands), with every contract's
// presumption kept in its plan step.
const TODAY = '2026-11-30';
let nextId = 1;

function contract(council: string, end: CalendarDate, presumed: number): ContractFacts {
  const possible = [extendEnd(end, 12)];
  return {
    id: nextId++, council, reference: `R-${nextId}`, title: null, product: 'Spydus', serviceCategory: 'Libraries', supplierId: 1, supplier: 'Civica', supplierGroupId: 1,
    supplierGroup: 'Civica', annualValue: 10_000, currentEndDate: end, possibleEndDates: possible, leadMonths: 12, presumedOptionsTaken: presumed,
  };
}

describe('why a finding holds contracts presumed already extended', () => {
  it('names each such contract while there are few', () => {
    const contracts = [contract('S12000047', '2027-06-30', 1), contract('S12000041', '2027-07-31', 0), contract('S12000041', '2027-08-31', 2)];
    const [o] = collaborativeOpportunities(contracts, { today: TODAY, councilNames: { S12000047: 'Fife', S12000041: 'Angus' } });
    const lines = o.why.filter((w) => /presumed already extended/.test(w));
    expect(lines).toEqual([
      `S12000041 Angus's R-${contracts[2].id + 1} is presumed already extended (2 options taken: the register's end has passed); the council should confirm`,
      `S12000047 Fife's R-${contracts[0].id + 1} is presumed already extended (1 option taken: the register's end has passed); the council should confirm`,
    ]);
    const steps = new Map(o.plan.map((p) => [p.contractId, p]));
    expect(steps.get(contracts[0].id)!.presumedOptionsTaken).toBe(1);
    expect(steps.get(contracts[1].id)!.presumedOptionsTaken).toBeUndefined();
    expect(steps.get(contracts[2].id)!.presumedOptionsTaken).toBe(2);
  });

  it('says it once per council when there are many, with a few references and the count', () => {
    const contracts = [
      ...Array.from({ length: 40 }, (_, k) => contract('S12000047', `2027-06-${String(1 + (k % 28)).padStart(2, '0')}`, 1)),
      ...Array.from({ length: 3 }, () => contract('S12000041', '2027-07-31', 0)),
      ...Array.from({ length: 12 }, () => contract('S12000041', '2027-08-31', 2)),
    ];
    const [o] = collaborativeOpportunities(contracts, { today: TODAY, councilNames: { S12000047: 'Fife', S12000041: 'Angus' } });
    expect(o.contractIds).toHaveLength(55);
    const lines = o.why.filter((w) => /presumed already extended/.test(w));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^S12000041 Angus: 12 contracts are presumed already extended \(24 options taken in all: the register's end has passed\), e\.g\. R-\d+, R-\d+, R-\d+; the council should confirm$/);
    expect(lines[1]).toMatch(/^S12000047 Fife: 40 contracts are presumed already extended \(40 options taken in all/);
    expect(o.plan.filter((p) => p.presumedOptionsTaken).length).toBe(52);
  });
});
