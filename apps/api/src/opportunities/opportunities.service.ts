import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ContractReadModel, ContractsRepository, OpportunitiesRepository, opportunitySummary } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { Principal, readScope } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { queryDate } from '../dates';
import { DomainError } from '../errors/error-codes';
import { OpportunitiesQueryDto, TriageDto } from './dto/opportunities.dto';

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

  async list(principal: Principal, q: OpportunitiesQueryDto) {
    const scope = await this.contracts.scopeFor(principal, q.council);
    const from = queryDate('decisionFrom', q.decisionFrom);
    const to = queryDate('decisionTo', q.decisionTo);
    const supplier = q.supplier?.toLowerCase();
    return (await this.opportunities.list(scope, { kind: q.kind, status: q.status }))
      .map(opportunitySummary)
      .filter((o) => !q.category || o.category === q.category)
      .filter((o) => !q.product || o.product === q.product)
      .filter((o) => !supplier || (o.supplier ?? '').toLowerCase().includes(supplier))
      .filter((o) => !from || (o.earliestDecisionDate !== null && o.earliestDecisionDate >= from))
      .filter((o) => !to || (o.earliestDecisionDate !== null && o.earliestDecisionDate <= to))
      .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.id < b.id ? -1 : 1));
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
