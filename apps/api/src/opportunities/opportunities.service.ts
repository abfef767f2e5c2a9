import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import {
  CLOCK, Clock, ContractReadModel, ContractsRepository, CursorError, decodeCursor, encodeCursor, OpportunitiesRepository, OpportunityFilters, OpportunityListItem, opportunityCursor,
  opportunitySummary, pageLimit,
} from '@app/persistence';
import { JobQueue } from '@app/queue';
import type { Finding } from '@app/persistence';
import { Principal, readScope } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { queryDate } from '../dates';
import { DomainError } from '../errors/error-codes';
import { pageLinks, readPage } from '../paging';
import { OpportunityDetailQueryDto, OpportunitiesQueryDto, TriageDto } from './dto/opportunities.dto';

/** Largest list page in bytes of JSON (under 1 MB with the envelope). */
const MAX_PAGE_BYTES = 900_000;

/** The leading items whose JSON fits in `bytes` (at least one: an item is bounded on its own). */
function withinBytes<T>(items: T[], bytes: number): T[] {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += Buffer.byteLength(JSON.stringify(items[i])) + 1;
    if (used > bytes && i > 0) return items.slice(0, i);
  }
  return items;
}

/** Members of one opportunity given at a time by GET /api/opportunities/:id (by default, and at most). */
const DETAIL_MEMBERS = 200;
const MAX_DETAIL_MEMBERS = 500;
/** Suppliers of a category landscape given in its detail, largest first. */
const DETAIL_SUPPLIERS = 200;

/** The finding as stored, its long lists cut to this page's members (and the largest suppliers), their totals said. */
function boundedDetail(d: Finding, from: number, to: number) {
  if (d.kind === 'collaborative') {
    const plan = d.plan.slice(from, to);
    return { ...d, plan, contractIds: plan.map((p) => p.contractId), planTotal: d.plan.length, contractIdsTotal: d.contractIds.length };
  }
  if (d.kind === 'fragmentation') {
    const suppliers = [...d.suppliers].sort((a, b) => b.annualValue - a.annualValue).slice(0, DETAIL_SUPPLIERS);
    return { ...d, suppliers, suppliersTotal: d.suppliers.length };
  }
  return d;
}

@Injectable()
export class OpportunitiesService {
  constructor(
    private readonly opportunities: OpportunitiesRepository,
    private readonly contracts: ContractsService,
    private readonly contractsRepo: ContractsRepository,
    private readonly readModel: ContractReadModel,
    private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private filters(q: OpportunitiesQueryDto): OpportunityFilters {
    return {
      kind: q.kind, status: q.status, product: q.product, category: q.category, supplier: q.supplier, minValue: q.minValue,
      decisionFrom: queryDate('decisionFrom', q.decisionFrom), decisionTo: queryDate('decisionTo', q.decisionTo),
    };
  }

  /** One page, strongest first, filtered in the database; plan, contracts and why bounded in each item (whole at `one`). */
  async list(principal: Principal, q: OpportunitiesQueryDto) {
    const scope = await this.contracts.scopeFor(principal, q.council);
    const filters = this.filters(q);
    const limit = pageLimit(q.limit);
    const read = await readPage(() => this.opportunities.page(scope, filters, limit, q.cursor));
    // A page stops early rather than pass the size a client can be sure to take; `next` then continues from there.
    const items = withinBytes(read.items, MAX_PAGE_BYTES);
    const page = items.length < read.items.length ? { ...read, items, next: opportunityCursor(items[items.length - 1]) } : read;
    return { items: page.items, ...pageLinks('/api/opportunities', q, limit, page) };
  }

  /**
   * Every opportunity matching the query, strongest first (the list's order), a keyset page of
   * `pageSize` at a time as the caller asks, with the same bounded fields as a list page. Scope
   * and filters are checked now, before anything is sent.
   */
  async pages(principal: Principal, q: OpportunitiesQueryDto, pageSize: number): Promise<AsyncIterable<OpportunityListItem[]>> {
    const scope = await this.contracts.scopeFor(principal, q.council);
    return this.opportunities.inOrder(scope, this.filters(q), pageSize);
  }

  /**
   * One opportunity, its members a page at a time: `contracts`, `plan` and `contractDetails` hold
   * the members from the cursor on (all of them for most opportunities: 200 by default, up to
   * 500), so that one national finding of thousands of contracts still answers in under 1 MB;
   * `contractsTotal` and `next`/`nextUrl` say where the rest are.
   */
  async one(principal: Principal, id: string, q: OpportunityDetailQueryDto = {}) {
    return (await this.oneWithFinding(principal, id, q)).body;
  }

  /** `one`, and the finding as stored (whole: the page draws its timeline from every member). */
  async oneWithFinding(principal: Principal, id: string, q: OpportunityDetailQueryDto = {}) {
    const scope = readScope(principal);
    const o = await this.opportunities.findById(scope, id);
    if (!o) throw new DomainError('NOT_FOUND', `no opportunity ${id} that this token may see`, { value: id });
    const summary = opportunitySummary(o);
    let from = 0;
    if (q.cursor) {
      try {
        from = Math.max(0, decodeCursor(q.cursor, `members:${id}`, 0).id);
      } catch (e) {
        if (e instanceof CursorError) throw new DomainError('VALIDATION', e.message, { field: 'cursor' });
        throw e;
      }
    }
    const total = summary.contracts.length;
    let limit = Math.min(q.limit ?? DETAIL_MEMBERS, MAX_DETAIL_MEMBERS);
    // The contracts in full, with their renewal dates, read once; a council sees its own contracts' detail only.
    const details = await this.readModel.present(await this.contractsRepo.findByIds(scope, summary.contracts.slice(from, from + limit).map((c) => c.id)));
    for (;; limit = Math.max(1, Math.floor(limit / 2))) {
      const to = Math.min(total, from + limit);
      const members = summary.contracts.slice(from, to);
      const ids = new Set(members.map((c) => c.id));
      const next = to < total ? encodeCursor({ sort: `members:${id}`, keys: [], id: to }) : null;
      const body = {
        ...summary, contracts: members, plan: summary.plan.slice(from, to), contractsTotal: total, planTotal: summary.plan.length,
        contractDetails: details.filter((c) => ids.has(c.id)), detail: boundedDetail(o.detail, from, to),
        limit, next, nextUrl: next ? `/api/opportunities/${encodeURIComponent(id)}?limit=${limit}&cursor=${next}` : null,
      };
      // Halved until it fits in under 1 MB.
      if (limit === 1 || Buffer.byteLength(JSON.stringify(body)) <= MAX_PAGE_BYTES) return { body, finding: o.detail };
    }
  }

  async triage(principal: Principal, id: string, body: TriageDto) {
    if (principal.role === 'council') throw new ForbiddenException('opportunities are triaged by analysts and admins');
    const o = await this.opportunities.findById(readScope(principal), id);
    if (!o) throw new DomainError('NOT_FOUND', `no opportunity ${id}`, { value: id });
    const until = body.status === 'snoozed' ? queryDate('snoozedUntil', body.snoozedUntil) ?? null : null;
    if (body.status === 'snoozed' && !until) throw new DomainError('VALIDATION', 'a snooze needs snoozedUntil', { field: 'snoozedUntil' });
    await this.opportunities.triage(id, body.status, body.reason.trim(), principal.name, this.clock(), until);
    return this.one(principal, id);
  }

  async run(principal: Principal) {
    if (principal.role === 'council') throw new ForbiddenException('the analysis is run by analysts and admins');
    await this.queue.enqueue('analysis', { trigger: `requested by ${principal.name}` });
    return { status: 'queued' };
  }
}
