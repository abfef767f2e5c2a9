import { ForbiddenException, Injectable } from '@nestjs/common';
import { ContractFilters, ContractsRepository, CouncilScope, CouncilsRepository, narrowScope } from '@app/persistence';
import { DomainError } from '../errors/error-codes';
import { Principal, readScope } from '../auth/principal';
import { queryDate } from '../dates';
import { contractView } from './contract-view';
import { ContractsQueryDto } from './dto/contracts-query.dto';

@Injectable()
export class ContractsService {
  constructor(private readonly contracts: ContractsRepository, private readonly councils: CouncilsRepository) {}

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
    return { supplier: query.supplier, endsFrom: queryDate('endsFrom', query.endsFrom), endsTo: queryDate('endsTo', query.endsTo) };
  }

  async list(principal: Principal, query: ContractsQueryDto) {
    const scope = await this.scopeFor(principal, query.council);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.contracts.findPage(scope, this.filters(query), (page - 1) * pageSize, pageSize);
    return { page, pageSize, total, items: items.map(contractView) };
  }
}
