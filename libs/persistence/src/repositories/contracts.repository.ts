import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CouncilScope } from '../council-scope';
import { ContractEntity } from '../entities/contract.entity';

export interface ContractFilters {
  supplier?: string;
  endsFrom?: string;
  endsTo?: string;
}

export class ContractsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private current(scope: CouncilScope, filters: ContractFilters): SelectQueryBuilder<ContractEntity> {
    const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.is_current = :cur', { cur: true });
    if (scope.kind === 'council') qb.andWhere('c.council_code = :council', { council: scope.code });
    if (filters.supplier) qb.andWhere('LOWER(c.supplier_name) LIKE :supplier', { supplier: `%${filters.supplier.toLowerCase().replace(/[%_]/g, '')}%` });
    if (filters.endsFrom) qb.andWhere('c.end_date >= :from', { from: filters.endsFrom });
    if (filters.endsTo) qb.andWhere('c.end_date <= :to', { to: filters.endsTo });
    return qb.orderBy('c.council_code', 'ASC').addOrderBy('c.end_date', 'ASC').addOrderBy('c.id', 'ASC');
  }

  /** Current contracts (not superseded) that the scope may see, a page at a time. */
  async findPage(scope: CouncilScope, filters: ContractFilters, offset: number, limit: number): Promise<{ items: ContractEntity[]; total: number }> {
    const [items, total] = await this.current(scope, filters).skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  async findAll(scope: CouncilScope, filters: ContractFilters): Promise<ContractEntity[]> {
    return this.current(scope, filters).getMany();
  }

  async countForImport(importId: string): Promise<number> {
    return this.dataSource.getRepository(ContractEntity).count({ where: { importId } });
  }
}
