import type { Finding, OpportunityView } from './opportunities.repository';

/** Plan steps and contracts a list item carries; the rest are at GET /api/opportunities/:id. */
export const LIST_PLAN_STEPS = 10;
export const LIST_CONTRACTS = 25;
/** Longest line of `why` in a list item (a line naming every joined contract can run to pages). */
const LIST_WHY_CHARS = 400;
/**
 * Lines of `why` a list item carries: a national register's finding says one line per contract presumed
 * extended (tens of thousands, 4 MB in one item), which no page of a list may carry.
 */
export const LIST_WHY_LINES = 20;

/** What a finding says, whatever the kind: the fields analysts filter on and scripts read. */
function findingFields(d: Finding) {
  const product = d.kind === 'collaborative' ? (d.basis === 'product' ? d.key : null) : d.kind === 'common-platform' ? d.product : null;
  const category = d.kind === 'fragmentation' ? d.category : d.kind === 'common-platform' ? d.serviceCategory : d.basis === 'category' ? d.key : d.basis === 'supplier-category' ? d.key.split('|').slice(1).join('|') : null;
  const supplier = d.kind === 'collaborative' && d.basis === 'supplier-category' ? d.label.replace(/^Same supplier and category: /, '').replace(/, [^,]*$/, '') : d.kind === 'common-platform' ? d.suppliers.join(', ') || null : null;
  return {
    product, supplier, category,
    contracts: d.kind === 'collaborative' ? d.plan.map((p) => ({ council: p.council, reference: p.reference, id: p.contractId })) : [],
    windowStart: d.kind === 'collaborative' ? d.windowFrom : null, windowEnd: d.kind === 'collaborative' ? d.windowTo : null,
    plan: d.kind === 'collaborative' ? d.plan : [],
    why: d.why,
  };
}

/** The fields analysts filter and scripts read, whatever the kind. */
/** Pinned (issue 4) for `opportunities --json`: id, kind, product, supplier, category, councils, contracts, windowStart, windowEnd, annualValue, earliestDecisionDate, score, plan. */
export function opportunitySummary(o: OpportunityView) {
  const f = findingFields(o.detail);
  return {
    id: o.id, kind: o.kind, label: o.label, product: f.product, supplier: f.supplier, category: f.category, councils: o.councils,
    contracts: f.contracts, windowStart: f.windowStart, windowEnd: f.windowEnd,
    annualValue: o.annualValue, earliestDecisionDate: o.earliestDecisionDate, score: o.score,
    plan: f.plan,
    why: f.why, status: o.status, statusReason: o.statusReason, statusBy: o.statusBy, statusAt: o.statusAt, snoozedUntil: o.snoozedUntil,
    current: o.current, firstSeenAt: o.firstSeenAt, lastSeenAt: o.lastSeenAt,
  };
}

export type OpportunitySummary = ReturnType<typeof opportunitySummary>;

/**
 * The part of a list item that comes from the finding, stored beside it so a page of the list is
 * read without parsing any finding's body: the same fields as `opportunitySummary`, with the plan,
 * the contracts and each line of why bounded, and the totals said (`planTotal`, `contractsTotal`).
 */
export function boundedFields(d: Finding) {
  const f = findingFields(d);
  return {
    ...f,
    contracts: f.contracts.slice(0, LIST_CONTRACTS),
    plan: f.plan.slice(0, LIST_PLAN_STEPS),
    why: f.why.slice(0, LIST_WHY_LINES).map((w) => (w.length > LIST_WHY_CHARS ? `${w.slice(0, LIST_WHY_CHARS - 1)}…` : w)),
    contractsTotal: f.contracts.length,
    planTotal: f.plan.length,
    whyTotal: f.why.length,
    truncated: f.plan.length > LIST_PLAN_STEPS || f.contracts.length > LIST_CONTRACTS || f.why.length > LIST_WHY_LINES || f.why.some((w) => w.length > LIST_WHY_CHARS),
  };
}

export type BoundedFields = ReturnType<typeof boundedFields>;

/** The stored columns lists filter and sort on, from a finding. */
export function filterColumnsOf(d: Finding): { product: string | null; category: string | null; supplier: string | null; rank: number } {
  const f = findingFields(d);
  return { product: f.product, category: f.category, supplier: f.supplier, rank: d.kind === 'collaborative' ? d.score : -1 };
}
