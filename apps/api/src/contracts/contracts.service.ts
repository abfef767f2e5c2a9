import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { ClassificationRepository, CLOCK, Clock, ContractFilters, ContractReadModel, ContractRecord, ContractsRepository, CouncilScope, CouncilsRepository, narrowScope } from '@app/persistence';
import { ClassificationCorrectionDto } from './dto/classification.dto';
import { DomainError } from '../errors/error-codes';
import { Principal, readScope } from '../auth/principal';
import { queryDate } from '../dates';
import { ContractsQueryDto } from './dto/contracts-query.dto';

@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly councils: CouncilsRepository,
    private readonly readModel: ContractReadModel,
    private readonly corrections: ClassificationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The scope of a request: the token's, narrowed to one requested council. */
  async scopeFor(principal: Principal, council: string | undefined): Promise<CouncilScope> {
    let code: string | undefined;
    if (council) {
      const match = (await this.councils.directory()).resolve(council);
      if (match.kind !== 'found') throw new DomainError('COUNCIL_UNKNOWN', `council "${council}" is not a GSS code or council name the register knows`, { value: council });
      code = match.code;
    }
    const scope = narrowScope(readScope(principal), code);
    if (!scope) throw new ForbiddenException(`this token reads ${principal.councilCode} only`);
    return scope;
  }

  filters(query: ContractsQueryDto): ContractFilters {
    return {
      supplier: query.supplier, supplierId: query.supplierId,
      endsFrom: queryDate('endsFrom', query.endsFrom), endsTo: queryDate('endsTo', query.endsTo),
    };
  }

  async list(principal: Principal, query: ContractsQueryDto) {
    const scope = await this.scopeFor(principal, query.council);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    if (query.product || query.serviceCategory || (query.sort && query.sort !== 'council')) {
      // Product and category are worked out when read, so these filters and sorts run after reading.
      const all = await this.search(principal, query);
      return { page, pageSize, total: all.length, items: all.slice((page - 1) * pageSize, page * pageSize) };
    }
    const { items, total } = await this.contracts.findPage(scope, this.filters(query), (page - 1) * pageSize, pageSize);
    return { page, pageSize, total, items: await this.readModel.present(items) };
  }

  /** Every current contract matching the query, classified, filtered and sorted (pages and exports). */
  async search(principal: Principal, query: ContractsQueryDto): Promise<ContractRecord[]> {
    const scope = await this.scopeFor(principal, query.council);
    const rows = await this.readModel.present(await this.contracts.findAll(scope, this.filters(query)));
    const product = query.product?.toLowerCase();
    const category = query.serviceCategory?.toLowerCase();
    const out = rows.filter((c) => (!product || (c.product ?? '').toLowerCase() === product) && (!category || (c.serviceCategory ?? '').toLowerCase() === category));
    const text = (v: string | null) => v ?? '\uffff';
    switch (query.sort) {
      case 'endDate': return out.sort((a, b) => text(a.currentEndDate).localeCompare(text(b.currentEndDate)) || a.id - b.id);
      case 'decisionDate': return out.sort((a, b) => text(a.decisionDate).localeCompare(text(b.decisionDate)) || a.id - b.id);
      case 'supplier': return out.sort((a, b) => text(a.supplier ?? a.supplierName).localeCompare(text(b.supplier ?? b.supplierName)) || a.id - b.id);
      case 'annualValue': return out.sort((a, b) => (b.annualValue ?? -1) - (a.annualValue ?? -1) || a.id - b.id);
      default: return out;
    }
  }

  async one(principal: Principal, id: number) {
    const found = await this.contracts.findById(readScope(principal), id);
    if (!found) throw new DomainError('NOT_FOUND', `no contract with id ${id} that this token may read`, { value: id });
    return (await this.readModel.present([found]))[0];
  }

  /** An analyst's correction of product or category, kept for the contract's later registers too. */
  async correctClassification(principal: Principal, id: number, body: ClassificationCorrectionDto) {
    if (principal.role === 'council') throw new ForbiddenException('classifications are corrected by analysts and admins');
    const found = await this.contracts.findById(readScope(principal), id);
    if (!found) throw new DomainError('NOT_FOUND', `no contract with id ${id}`, { value: id });
    if (!found.reference) {
      throw new DomainError('REFERENCE_REQUIRED', 'this contract has no reference, so a correction could not follow it into the council\'s next register', { value: id });
    }
    await this.corrections.save({
      councilCode: found.councilCode, reference: found.reference, product: body.product?.trim() || null, serviceCategory: body.serviceCategory?.trim() || null,
      reason: body.reason.trim(), decidedBy: principal.name, decidedAt: this.clock(),
    });
    return (await this.readModel.present([found]))[0];
  }
}
