import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CouncilScope } from '../council-scope';
import { ContractEntity } from '../entities/contract.entity';

export interface ContractFilters {
  supplier?: string;
  /** A canonical supplier: every name as written that belongs to it. */
  supplierId?: number;
  endsFrom?: string;
  endsTo?: string;
}

/** A council sees its own contracts and the joint contracts it is a party to. */
function scopeToCouncil(qb: SelectQueryBuilder<ContractEntity>, code: string): void {
  qb.andWhere("(c.council_code = :council OR (c.joint_councils IS NOT NULL AND c.joint_councils LIKE :councilLike))", { council: code, councilLike: `%${code}%` });
}

export class ContractsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private current(scope: CouncilScope, filters: ContractFilters): SelectQueryBuilder<ContractEntity> {
    const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.is_current = :cur', { cur: true });
    if (scope.kind === 'council') scopeToCouncil(qb, scope.code);
    if (filters.supplier) qb.andWhere('LOWER(c.supplier_name) LIKE :supplier', { supplier: `%${filters.supplier.toLowerCase().replace(/[%_]/g, '')}%` });
    if (filters.supplierId !== undefined) qb.andWhere('c.supplier_name IN (SELECT v.name FROM supplier_variants v WHERE v.supplier_id = :sid)', { sid: filters.supplierId });
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

  /** Current contracts the scope may see, in id order, a page at a time after `afterId` (for passes over every contract). */
  async findCurrentAfter(scope: CouncilScope, afterId: number, limit: number): Promise<ContractEntity[]> {
    const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.is_current = :cur', { cur: true }).andWhere('c.id > :after', { after: afterId });
    if (scope.kind === 'council') scopeToCouncil(qb, scope.code);
    return qb.orderBy('c.id', 'ASC').take(limit).getMany();
  }

  /** Contracts by id (in chunks), leaving out those the scope may not see; in the order of `ids`. */
  async findByIds(scope: CouncilScope, ids: number[]): Promise<ContractEntity[]> {
    const found = new Map<number, ContractEntity>();
    for (let i = 0; i < ids.length; i += 500) {
      const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: ids.slice(i, i + 500) });
      if (scope.kind === 'council') scopeToCouncil(qb, scope.code);
      for (const c of await qb.getMany()) found.set(c.id, c);
    }
    return ids.map((id) => found.get(id)).filter((c): c is ContractEntity => c !== undefined);
  }

  /** One current or past contract, if the scope may see it. */
  async findById(scope: CouncilScope, id: number): Promise<ContractEntity | null> {
    const row = await this.dataSource.getRepository(ContractEntity).findOne({ where: { id } });
    if (!row || (scope.kind === 'council' && row.councilCode !== scope.code && !(row.jointCouncils ?? '').split(' ').includes(scope.code))) return null;
    return row;
  }

  /** Councils that have current contracts (the daily alert run visits each). A cross-council read, named as such. */
  async councilsWithCurrentContracts(): Promise<string[]> {
    const rows = (await this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').select('DISTINCT c.council_code', 'council_code').where('c.is_current = :cur', { cur: true }).getRawMany()) as { council_code: string }[];
    return rows.map((r) => r.council_code).sort();
  }

  async countForImport(importId: string): Promise<number> {
    return this.dataSource.getRepository(ContractEntity).count({ where: { importId } });
  }
}
