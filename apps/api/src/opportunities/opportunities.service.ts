import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ContractReadModel, ContractsRepository, OpportunitiesRepository, OpportunityFilters, OpportunityListItem, opportunityCursor, opportunitySummary, pageLimit } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { Principal, readScope } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { queryDate } from '../dates';
import { DomainError } from '../errors/error-codes';
import { pageLinks, readPage } from '../paging';
import { OpportunitiesQueryDto, TriageDto } from './dto/opportunities.dto';

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

  async one(principal: Principal, id: string) {
    const o = await this.opportunities.findById(readScope(principal), id);
    if (!o) throw new DomainError('NOT_FOUND', `no opportunity ${id} that this token may see`, { value: id });
    const summary = opportunitySummary(o);
    const scope = readScope(principal);
    // The contracts in full, with their renewal dates; a council sees its own contracts' detail only.
    const contracts = await this.readModel.present(await this.contractsRepo.findByIds(scope, summary.contracts.map((c) => c.id)));
    return { ...summary, contractDetails: contracts, detail: o.detail };
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
