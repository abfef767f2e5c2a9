import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { changedBetween, ClassificationRepository, ContractEntity, CLOCK, Clock, ContractFilters, ContractFinding, ContractReadModel, ContractRecord, ContractsRepository, CouncilScope, CouncilsRepository, ImportsRepository, narrowScope, OpportunitiesRepository, pageLimit, TokensRepository, UsersRepository } from '@app/persistence';
import { ContractClassificationStore } from '@app/analysis';
import { ClassificationCorrectionDto } from './dto/classification.dto';
import { DomainError } from '../errors/error-codes';
import { Principal, readScope } from '../auth/principal';
import { queryDate } from '../dates';
import { ContractsQueryDto } from './dto/contracts-query.dto';
import { pageLinks, readPage } from '../paging';

@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly councils: CouncilsRepository,
    private readonly readModel: ContractReadModel,
    private readonly corrections: ClassificationRepository,
    private readonly stored: ContractClassificationStore,
    private readonly imports: ImportsRepository,
    private readonly opportunities: OpportunitiesRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
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
      supplier: query.supplier, supplierId: query.supplierId, supplierGroupId: query.supplierGroupId, product: query.product, serviceCategory: query.serviceCategory,
      endsFrom: queryDate('endsFrom', query.endsFrom), endsTo: queryDate('endsTo', query.endsTo),
    };
  }

  /**
   * One page of current contracts, filtered and sorted in the database: after `cursor` (keyset), or
   * page `page` for clients that count in pages. Keeps `{page, pageSize, total, items}` and adds
   * where the next page is.
   */
  async list(principal: Principal, query: ContractsQueryDto, before?: string) {
    const scope = await this.scopeFor(principal, query.council);
    const limit = pageLimit(query.limit ?? query.pageSize);
    const sort = query.sort ?? 'council';
    const page = query.cursor || before ? null : query.page ?? 1;
    const found = await readPage(() => this.contracts.page(scope, this.filters(query), { sort, limit, cursor: query.cursor, before, offset: page ? (page - 1) * limit : 0 }));
    const { total, ...links } = pageLinks('/api/contracts', query, limit, found);
    return { page, pageSize: limit, total, items: await this.readModel.present(found.items), sort, ...links, previous: found.previous };
  }

  /** Every current contract matching the query, filtered and sorted in the database, read a page at a time, in one array (summaries; downloads use `pages`). */
  async search(principal: Principal, query: ContractsQueryDto): Promise<ContractRecord[]> {
    const out: ContractRecord[] = [];
    for await (const page of await this.pages(principal, query, 500)) out.push(...page);
    return out;
  }

  /**
   * Every current contract matching the query, in its sort, as the read model gives them, a keyset
   * page of `pageSize` at a time as the caller asks (downloads write each page out before the next
   * is read). The scope and filters are checked now, before anything is sent: a council user gets
   * their own council's contracts only, and asking for another council is refused.
   */
  async pages(principal: Principal, query: ContractsQueryDto, pageSize: number): Promise<AsyncIterable<ContractRecord[]>> {
    const scope = await this.scopeFor(principal, query.council);
    const entities = this.contracts.inOrder(scope, this.filters(query), query.sort ?? 'council', pageSize);
    const readModel = this.readModel;
    return (async function* () {
      for await (const page of entities) yield await readModel.present(page);
    })();
  }

  /** A contract the token may read, as stored (NOT_FOUND otherwise). */
  private async readable(principal: Principal, id: number): Promise<ContractEntity> {
    const found = await this.contracts.findById(readScope(principal), id);
    if (!found) throw new DomainError('NOT_FOUND', `no contract with id ${id} that this token may read`, { value: id });
    return found;
  }

  async one(principal: Principal, id: number) {
    return (await this.readModel.present([await this.readable(principal, id)]))[0];
  }

  /** Everything the contract page shows, from one read of the contract: as the read model gives it, its history and its opportunities. */
  async detail(principal: Principal, id: number) {
    const found = await this.readable(principal, id);
    const record = (await this.readModel.present([found]))[0];
    const [history, findings] = await Promise.all([this.historyOf(found), this.findingsOf(principal, record)]);
    return { record, history, findings };
  }

  /**
   * Every stored version of a contract, oldest first, each with the import that stored it (file,
   * when, by whom, which row) and what it changed from the version before.
   */
  async history(principal: Principal, id: number) {
    return this.historyOf(await this.readable(principal, id));
  }

  private async historyOf(found: ContractEntity) {
    const id = found.id;
    const versions = await this.contracts.versions(found);
    const imports = new Map((await this.imports.findManyByIds(versions.map((v) => v.importId))).map((i) => [i.id, i]));
    const who = new Map<string, string>();
    for (const i of imports.values()) if (i.createdBy && !who.has(i.createdBy)) who.set(i.createdBy, await this.whoIs(i.createdBy));
    return {
      contractId: id,
      versions: versions.map((v, k) => {
        const record = imports.get(v.importId);
        return {
          id: v.id, current: v.isCurrent, importId: v.importId, fileName: record?.fileName ?? null, importedAt: record?.finishedAt ?? record?.createdAt ?? null,
          importedBy: record?.createdBy ?? null, importedByName: record?.createdBy ? who.get(record.createdBy) ?? null : null, mode: record?.mode ?? null, row: v.rowNumber,
          /** What differs from the version before (report names: endDate, annualValue…); nothing for the first. */
          changed: k === 0 ? [] : changedBetween(v, versions[k - 1]),
          first: k === 0,
          supersededByImportId: v.supersededByImportId,
        };
      }),
    };
  }

  /** Who an import's `createdBy` names, as a person reads it: a user's e-mail, an API token's name, or the command line. */
  private async whoIs(createdBy: string): Promise<string> {
    if (createdBy === 'cli') return 'the command line';
    if (createdBy === 'demo') return 'the demo command';
    const user = /^user:(\d+)$/.exec(createdBy);
    if (user) return (await this.users.byId(Number(user[1])))?.email ?? 'a user since removed';
    const token = await this.tokens.nameOf(createdBy);
    return token ? `API token "${token}"` : createdBy;
  }

  /** The current opportunities a contract is in (the council's own, for a council's token), with its step of each plan. */
  async findings(principal: Principal, id: number): Promise<{ contractId: number; opportunities: ContractFinding[] }> {
    return this.findingsOf(principal, await this.one(principal, id));
  }

  private async findingsOf(principal: Principal, record: ContractRecord): Promise<{ contractId: number; opportunities: ContractFinding[] }> {
    const id = record.id;
    const scope = readScope(principal);
    const categoryKey = record.serviceCategory ?? (record.councilCategory ? `council category: ${record.councilCategory}` : null);
    const council = scope.kind === 'council' ? scope.code : record.council;
    return { contractId: id, opportunities: await this.opportunities.forContract({ id, council, product: record.product, categoryKey }) };
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
    // Lists filter on the stored category: the correction is stored with the contract at once.
    await this.stored.classifyReference(found.councilCode, found.reference);
    return (await this.readModel.present([found]))[0];
  }
}
