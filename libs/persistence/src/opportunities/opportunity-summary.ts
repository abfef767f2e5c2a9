import { OpportunityView } from './opportunities.repository';

/** The fields analysts filter and scripts read, whatever the kind. */
/** Pinned (issue 4) for `opportunities --json`: id, kind, product, supplier, category, councils, contracts, windowStart, windowEnd, annualValue, earliestDecisionDate, score, plan. */
export function opportunitySummary(o: OpportunityView) {
  const d = o.detail;
  const product = d.kind === 'collaborative' ? (d.basis === 'product' ? d.key : null) : d.kind === 'common-platform' ? d.product : null;
  const category = d.kind === 'fragmentation' ? d.category : d.kind === 'common-platform' ? d.serviceCategory : d.basis === 'category' ? d.key : d.basis === 'supplier-category' ? d.key.split('|').slice(1).join('|') : null;
  const supplier = d.kind === 'collaborative' && d.basis === 'supplier-category' ? d.label.replace(/^Same supplier and category: /, '').replace(/, [^,]*$/, '') : d.kind === 'common-platform' ? d.suppliers.join(', ') || null : null;
  return {
    id: o.id, kind: o.kind, label: o.label, product, supplier, category, councils: o.councils,
    contracts: d.kind === 'collaborative' ? d.plan.map((p) => ({ council: p.council, reference: p.reference, id: p.contractId })) : [],
    windowStart: d.kind === 'collaborative' ? d.windowFrom : null, windowEnd: d.kind === 'collaborative' ? d.windowTo : null,
    annualValue: o.annualValue, earliestDecisionDate: o.earliestDecisionDate, score: o.score,
    plan: d.kind === 'collaborative' ? d.plan : [],
    why: d.why, status: o.status, statusReason: o.statusReason, statusBy: o.statusBy, statusAt: o.statusAt, snoozedUntil: o.snoozedUntil,
    current: o.current, firstSeenAt: o.firstSeenAt, lastSeenAt: o.lastSeenAt,
  };
}

