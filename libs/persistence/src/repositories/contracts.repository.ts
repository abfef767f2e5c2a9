import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CouncilScope } from '../council-scope';
import { foldKey } from '../contracts/sort-keys';
import { ContractEntity } from '../entities/contract.entity';
import { decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { TotalsCache } from '../totals-cache';

export interface ContractFilters {
  supplier?: string;
  /** A canonical supplier: every name as written that belongs to it. */
  supplierId?: number;
  /** A supplier group (`suppliers.group_id`): the contracts of every canonical supplier in it. */
  supplierGroupId?: string;
  /** The canonical suppliers of a group, as `page` reads `supplierGroupId` (not given by callers). */
  groupSupplierIds?: number[];
  endsFrom?: string;
  endsTo?: string;
  /** Catalogue product and service category, as stored with the contract (any case). */
  product?: string;
  serviceCategory?: string;
}

export type ContractSort = 'council' | 'endDate' | 'decisionDate' | 'supplier' | 'annualValue';
export const CONTRACT_SORTS: readonly ContractSort[] = ['council', 'endDate', 'decisionDate', 'supplier', 'annualValue'];

/**
 * Each order's stored keys (id breaks ties, in the same direction), each with an index
 * `(is_current, …keys, id)`: council then current end; current end; decision date; canonical
 * supplier; annual value, largest first. Unknown dates, suppliers and values sort last.
 */
const SORT_KEYS: Record<ContractSort, { columns: string[]; direction: 'ASC' | 'DESC'; keys: (c: ContractEntity) => (string | number)[] }> = {
  council: { columns: ['c.council_code', 'c.end_sort'], direction: 'ASC', keys: (c) => [c.councilCode, c.endSort] },
  endDate: { columns: ['c.end_sort'], direction: 'ASC', keys: (c) => [c.endSort] },
  decisionDate: { columns: ['c.decision_sort'], direction: 'ASC', keys: (c) => [c.decisionSort] },
  supplier: { columns: ['c.supplier_sort'], direction: 'ASC', keys: (c) => [c.supplierSort] },
  annualValue: { columns: ['c.value_sort'], direction: 'DESC', keys: (c) => [c.valueSort] },
};

/** Where a page of contracts starts: after a cursor, or (for clients that send `page`) an offset. */
export interface ContractPageRequest {
  sort: ContractSort;
  limit: number;
  cursor?: string | null;
  /** The page before this cursor instead (a page's `previous`), for pages people step back through. */
  before?: string | null;
  offset?: number;
}

/**
 * Keyset: rows after (or, stepping back, before) the row with these sort keys and id in the sort's
 * order, as one row-value comparison the sort's index answers.
 */
function afterRow(qb: SelectQueryBuilder<ContractEntity>, sort: ContractSort, keys: (string | number)[], id: number, back = false): void {
  const { columns, direction } = SORT_KEYS[sort];
  const names = keys.map((_, i) => `k${i}`);
  const ascending = (direction === 'ASC') !== back;
  qb.andWhere(`(${[...columns, 'c.id'].join(', ')}) ${ascending ? '>' : '<'} (${[...names, 'kid'].map((n) => `:${n}`).join(', ')})`,
    { ...Object.fromEntries(keys.map((k, i) => [names[i], k])), kid: id });
}

/** Which of a council's contracts a query reads: its own (it is the lead), joint ones naming it, or either. */
type CouncilPart = 'own' | 'joint' | 'either';

/** A council sees its own contracts and the joint contracts it is a party to. */
function scopeToCouncil(qb: SelectQueryBuilder<ContractEntity>, code: string): void {
  qb.andWhere("(c.council_code = :council OR (c.joint_councils IS NOT NULL AND c.joint_councils LIKE :councilLike))", { council: code, councilLike: `%${code}%` });
}

/** Councils by short name, then code. */
function byName(a: { code: string; name: string }, b: { code: string; name: string }): number {
  return a.name.localeCompare(b.name, 'en-GB') || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export class ContractsRepository {
  constructor(private readonly dataSource: DataSource, private readonly totals?: TotalsCache) {}

  /** How many current contracts the scope sees with these filters (kept by the totals cache while nothing is written). */
  private countOf(scope: CouncilScope, filters: ContractFilters, part: CouncilPart = 'either'): Promise<number> {
    const count = () => this.current(scope, filters, part).getCount();
    return this.totals ? this.totals.remember(JSON.stringify(['contracts', scope, filters, part]), count) : count();
  }

  /**
   * The list's total, and how many of them are a council's joint contracts (led by another council).
   * A council's own and joint contracts are counted apart, each from its index: as one OR, SQLite
   * counted every current contract (4 s at 1M).
   */
  private async totalOf(scope: CouncilScope, filters: ContractFilters): Promise<{ total: number; joint: number }> {
    if (scope.kind !== 'council') return { total: await this.countOf(scope, filters), joint: 0 };
    const [own, joint] = await Promise.all([this.countOf(scope, filters, 'own'), this.countOf(scope, filters, 'joint')]);
    return { total: own + joint, joint };
  }

  private current(scope: CouncilScope, filters: ContractFilters, part: CouncilPart = 'either'): SelectQueryBuilder<ContractEntity> {
    const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.is_current = :cur', { cur: true });
    if (scope.kind === 'council') {
      if (part === 'either') scopeToCouncil(qb, scope.code);
      else if (part === 'own') qb.andWhere('c.council_code = :council', { council: scope.code });
      else qb.andWhere('c.council_code <> :council AND c.joint_councils IS NOT NULL AND c.joint_councils LIKE :councilLike', { council: scope.code, councilLike: `%${scope.code}%` });
    }
    if (filters.supplier) qb.andWhere('LOWER(c.supplier_name) LIKE :supplier', { supplier: `%${filters.supplier.toLowerCase().replace(/[%_]/g, '')}%` });
    if (filters.supplierId !== undefined) qb.andWhere('c.supplier_id = :sid', { sid: filters.supplierId });
    if (filters.supplierGroupId) qb.andWhere('c.supplier_id IN (SELECT s.id FROM suppliers s WHERE s.group_id = :gid)', { gid: filters.supplierGroupId });
    if (filters.groupSupplierIds) {
      if (filters.groupSupplierIds.length === 0) qb.andWhere('1 = 0');
      // One supplier (most groups): an equality, so its index gives the rows in the list's order.
      else if (filters.groupSupplierIds.length === 1) qb.andWhere('c.supplier_id = :gsid', { gsid: filters.groupSupplierIds[0] });
      else qb.andWhere('c.supplier_id IN (:...gsids)', { gsids: filters.groupSupplierIds });
    }
    // One supplier's contracts filtered by end date: on SQLite the end date is checked on each row from the
    // supplier's index (which holds it, in the list's order) rather than used to choose an index ("+", SQLite's
    // way to say so). As a range on (council, current, end_date) it won, and each council's part of the page
    // sorted its whole range: 69 ms a part, 2.6 s at p95 at 1M contracts. Without a supplier the range stays
    // usable: a council's contracts ending in one month are found through it.
    const oneSupplier = filters.supplierId !== undefined || filters.groupSupplierIds?.length === 1;
    const endDate = oneSupplier && this.dataSource.options.type === 'better-sqlite3' ? '+c.end_date' : 'c.end_date';
    if (filters.endsFrom) qb.andWhere(`${endDate} >= :from`, { from: filters.endsFrom });
    if (filters.endsTo) qb.andWhere(`${endDate} <= :to`, { to: filters.endsTo });
    if (filters.product) qb.andWhere('c.product_key = :product', { product: foldKey(filters.product) });
    if (filters.serviceCategory) qb.andWhere('c.category_key = :category', { category: foldKey(filters.serviceCategory) });
    return qb;
  }

  private ordered(qb: SelectQueryBuilder<ContractEntity>, sort: ContractSort, reversed = false): SelectQueryBuilder<ContractEntity> {
    const { columns } = SORT_KEYS[sort];
    const direction = (SORT_KEYS[sort].direction === 'ASC') !== reversed ? 'ASC' : 'DESC';
    columns.forEach((col, i) => (i === 0 ? qb.orderBy(col, direction) : qb.addOrderBy(col, direction)));
    return qb.addOrderBy('c.id', direction);
  }

  /**
   * Current contracts (not superseded) that the scope may see, filtered and sorted in the database,
   * a page at a time: after the cursor the last page gave (keyset: a row added meanwhile is
   * neither shown twice nor skips another), or at an offset for clients that still send `page`.
   */
  async page(scope: CouncilScope, asked: ContractFilters, request: ContractPageRequest): Promise<KeysetPage<ContractEntity> & { previous: string | null }> {
    // A group is read as its suppliers' ids: "supplier_id IN (subquery)" cannot be read in order from an index,
    // so SQLite walked every current contract in list order looking for the group's.
    const filters: ContractFilters = asked.supplierGroupId
      ? { ...asked, supplierGroupId: undefined, groupSupplierIds: await this.suppliersOfGroup(asked.supplierGroupId) }
      : asked;
    const { columns, keys } = SORT_KEYS[request.sort];
    const back = Boolean(request.before) && !request.cursor;
    const from = request.cursor ?? (back ? request.before : null);
    const at = from ? decodeCursor(from, request.sort, columns.length) : null;
    // Stepping back reads the same order reversed from the cursor, then turns the rows round.
    const read = (part: CouncilPart, limit: number, offset: number) => {
      const qb = this.ordered(this.current(scope, filters, part), request.sort, back);
      if (at) {
        afterRow(qb, request.sort, at.keys, at.id, back);
      } else if (offset) {
        qb.offset(offset);
      }
      return qb.limit(limit);
    };
    const offset = at ? 0 : request.offset ?? 0;
    let total: number;
    let rows: ContractEntity[];
    if (request.sort === 'council') {
      // By the council's name: each council's part read in order from the (council, end) index, councils in name order.
      total = (await this.totalOf(scope, filters)).total;
      rows = await this.councilWalk(scope, filters, request.limit + 1, at, back, offset);
    } else if (scope.kind === 'council') {
      // "Its own contracts, or joint contracts naming it" as one OR cannot be read in order from an index (the
      // joint list is free text): on a national register that was a scan and a sort of every current contract.
      // Each part is read in order from its own index (the joint part from a partial index of the few joint
      // contracts), then the database puts the two short lists in order, with its own collation.
      const counted = await this.totalOf(scope, filters);
      const joint = counted.joint;
      total = counted.total;
      const ids = async (part: CouncilPart) => ((await read(part, offset + request.limit + 1, 0).select('c.id', 'id').getRawMany()) as { id: number | string }[]).map((r) => Number(r.id));
      const found = joint === 0 ? [] : [...(await ids('own')), ...(await ids('joint'))];
      if (joint === 0) rows = await read('own', request.limit + 1, offset).getMany();
      else if (found.length === 0) rows = [];
      else {
        const merged = this.ordered(this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: found }), request.sort, back);
        if (offset) merged.offset(offset);
        rows = await merged.limit(request.limit + 1).getMany();
      }
    } else {
      total = (await this.totalOf(scope, filters)).total;
      rows = await read('either', request.limit + 1, offset).getMany();
    }
    const more = rows.length > request.limit;
    const items = rows.slice(0, request.limit);
    if (back) items.reverse();
    const cursorOf = (c: ContractEntity | undefined) => (c ? encodeCursor({ sort: request.sort, keys: keys(c), id: c.id }) : null);
    return {
      items, total,
      next: back || more ? cursorOf(items[items.length - 1]) : null,
      previous: (back ? more : Boolean(request.cursor) || Boolean(request.offset)) ? cursorOf(items[0]) : null,
    };
  }

  /**
   * Every current contract the scope may see, filtered and in a list's order (as `page` gives
   * them), read `pageSize` at a time by keyset from the row the page before ended on (exports): one
   * page in memory whatever the number, and no page counts the total. Stops reading when the
   * caller stops asking (a download the client gave up on).
   */
  async *inOrder(scope: CouncilScope, asked: ContractFilters, sort: ContractSort, pageSize: number): AsyncGenerator<ContractEntity[]> {
    const filters: ContractFilters = asked.supplierGroupId
      ? { ...asked, supplierGroupId: undefined, groupSupplierIds: await this.suppliersOfGroup(asked.supplierGroupId) }
      : asked;
    const { keys } = SORT_KEYS[sort];
    if (sort === 'council') {
      for (const { code } of await this.councilsByName(scope)) {
        let after: { keys: (string | number)[]; id: number } | null = null;
        for (;;) {
          const rows: ContractEntity[] = await this.councilPart(scope, filters, code, 'ASC', after).limit(pageSize).getMany();
          if (rows.length > 0) yield rows;
          if (rows.length < pageSize) break;
          const last: ContractEntity = rows[rows.length - 1];
          after = { keys: keys(last), id: last.id };
        }
      }
      return;
    }
    let last: ContractEntity | undefined;
    for (;;) {
      const qb = this.ordered(this.current(scope, filters), sort);
      if (last) afterRow(qb, sort, keys(last), last.id);
      const rows = await qb.limit(pageSize).getMany();
      if (rows.length > 0) yield rows;
      if (rows.length < pageSize) return;
      last = rows[rows.length - 1];
    }
  }

  /**
   * Councils in the order "sort by council" lists them: by short name, then code (Aberdeen City
   * before Eilean Siar before Stirling, whatever their GSS codes). All councils: those with current
   * contracts; a council's scope: its own, then the leads of joint contracts naming it.
   */
  private async councilsByName(scope: CouncilScope): Promise<{ code: string; name: string }[]> {
    let codes: string[];
    if (scope.kind === 'all') {
      const rows = (await this.dataSource.createQueryBuilder().select('co.code', 'code').from('councils', 'co')
        .where('EXISTS (SELECT 1 FROM contracts c WHERE c.is_current = :cur AND c.council_code = co.code)', { cur: true }).getRawMany()) as { code: string }[];
      codes = rows.map((r) => r.code);
    } else {
      // Not DISTINCT: SQLite then read every current contract through the (is_current, council_code…) index
      // for its order (4.7 s at 1M) rather than the few joint ones through their own index. Duplicates go below.
      const joint = (await this.current(scope, {}, 'joint').select('c.council_code', 'code').getRawMany()) as { code: string }[];
      codes = [scope.code, ...joint.map((r) => r.code)];
    }
    if (codes.length === 0) return [];
    const named = (await this.dataSource.createQueryBuilder().select('co.code', 'code').addSelect('co.short_name', 'name').from('councils', 'co')
      .where('co.code IN (:...codes)', { codes }).getRawMany()) as { code: string; name: string }[];
    const names = new Map(named.map((r) => [r.code, r.name]));
    return [...new Set(codes)].map((code) => ({ code, name: names.get(code) ?? code })).sort((a, b) => byName(a, b));
  }

  /** One council's part of a list sorted by council: by current end, then id, after (or before) a row. */
  private councilPart(scope: CouncilScope, filters: ContractFilters, code: string, direction: 'ASC' | 'DESC', after: { keys: (string | number)[]; id: number } | null): SelectQueryBuilder<ContractEntity> {
    const qb = this.current(scope, filters).andWhere('c.council_code = :walkCode', { walkCode: code }).orderBy('c.end_sort', direction).addOrderBy('c.id', direction);
    if (after) qb.andWhere(`(c.end_sort, c.id) ${direction === 'ASC' ? '>' : '<'} (:walkEnd, :walkId)`, { walkEnd: after.keys[1], walkId: after.id });
    return qb;
  }

  /**
   * Up to `want` rows of a list sorted by council, councils by name: from the start (skipping
   * `offset` rows, counted per council), or after (`back`: before) the cursor's row. Each council's
   * part is an index range, so a page costs a few short reads whatever the register's size.
   */
  private async councilWalk(scope: CouncilScope, filters: ContractFilters, want: number, at: { keys: (string | number)[]; id: number } | null, back: boolean, offset: number): Promise<ContractEntity[]> {
    const order = await this.councilsByName(scope);
    const step = back ? -1 : 1;
    let i = back ? order.length - 1 : 0;
    let skip = 0;
    if (at) {
      const code = String(at.keys[0]);
      const found = order.findIndex((o) => o.code === code);
      if (found >= 0) i = found;
      else {
        // Its council has no current contracts left: start where its name would be.
        const name = ((await this.dataSource.createQueryBuilder().select('co.short_name', 'name').from('councils', 'co').where('co.code = :code', { code }).getRawOne()) as { name?: string } | undefined)?.name ?? code;
        const next = order.findIndex((o) => byName(o, { code, name }) > 0);
        i = back ? (next < 0 ? order.length - 1 : next - 1) : next < 0 ? order.length : next;
      }
    } else if (offset > 0) {
      const counts = (await this.current(scope, filters).select('c.council_code', 'code').addSelect('COUNT(*)', 'n').groupBy('c.council_code').getRawMany()) as { code: string; n: number | string }[];
      const count = new Map(counts.map((r) => [r.code, Number(r.n)]));
      skip = offset;
      while (i < order.length && skip >= (count.get(order[i].code) ?? 0)) skip -= count.get(order[i].code) ?? 0, i++;
    }
    const rows: ContractEntity[] = [];
    for (; i >= 0 && i < order.length && rows.length < want; i += step) {
      const qb = this.councilPart(scope, filters, order[i].code, back ? 'DESC' : 'ASC', at && String(at.keys[0]) === order[i].code ? at : null);
      if (skip > 0) qb.offset(skip);
      skip = 0;
      rows.push(...(await qb.limit(want - rows.length).getMany()));
    }
    return rows;
  }

  private async suppliersOfGroup(groupId: string): Promise<number[]> {
    const rows = (await this.dataSource.createQueryBuilder().select('s.id', 'id').from('suppliers', 's').where('s.group_id = :groupId', { groupId }).orderBy('s.id').getRawMany()) as { id: number | string }[];
    return rows.map((r) => Number(r.id));
  }

  /** A page by offset, in the default order (kept for callers that count in pages; lists use `page`). */
  async findPage(scope: CouncilScope, filters: ContractFilters, offset: number, limit: number): Promise<{ items: ContractEntity[]; total: number }> {
    const { items, total } = await this.page(scope, filters, { sort: 'council', limit: Math.min(limit, 1000), offset });
    return { items, total };
  }

  /** Every current contract matching (the CLI's full list), by council, end date as written and id. */
  async findAll(scope: CouncilScope, filters: ContractFilters): Promise<ContractEntity[]> {
    return this.current(scope, filters).orderBy('c.council_code', 'ASC').addOrderBy('c.end_date', 'ASC').addOrderBy('c.id', 'ASC').getMany();
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

  /**
   * Every stored version of a contract, oldest first: the rows of its council with the same
   * reference (each import that held it stored one), or, without a reference, the chain of rows it
   * replaced. At most `limit`, the newest kept.
   */
  async versions(contract: ContractEntity, limit = 100): Promise<ContractEntity[]> {
    const repo = this.dataSource.getRepository(ContractEntity);
    if (contract.reference !== null) {
      const rows = await repo.createQueryBuilder('c').where('c.council_code = :council', { council: contract.councilCode }).andWhere('c.reference = :reference', { reference: contract.reference })
        .orderBy('c.id', 'DESC').take(limit).getMany();
      return rows.reverse();
    }
    const chain = [contract];
    for (let at = contract; at.previousContractId !== null && chain.length < limit;) {
      const previous = await repo.findOne({ where: { id: at.previousContractId } });
      if (!previous) break;
      chain.unshift(previous);
      at = previous;
    }
    return chain;
  }

  /** Councils that have current contracts (the daily alert run visits each). A cross-council read, named as such. */
  async councilsWithCurrentContracts(): Promise<string[]> {
    // One indexed probe per council (a few hundred), not a DISTINCT over every current contract; kept until the next write.
    const read = async () => ((await this.dataSource.createQueryBuilder().select('co.code', 'code').from('councils', 'co')
      .where('EXISTS (SELECT 1 FROM contracts c WHERE c.is_current = :cur AND c.council_code = co.code)', { cur: true }).getRawMany()) as { code: string }[])
      .map((r) => r.code).sort();
    return this.totals ? this.totals.remember('councils with current contracts', read) : read();
  }

  async countForImport(importId: string): Promise<number> {
    return this.dataSource.getRepository(ContractEntity).count({ where: { importId } });
  }
}
