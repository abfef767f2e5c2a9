import { DataSource } from 'typeorm';
import { ContractEntity, foldKey, supplierSortKey, Clock, Dialect, placeholders, WriteGate, ContractReadModel, ContractRecord, breather } from '@app/persistence';

/** Rows read and written at a time: one multi-row UPDATE each, well inside both engines' parameter limits. */
const BATCH = 500;

const NO_DATE = '9999-12-31';

/** The stored columns of one contract, from what the read model says of it. */
function storedValues(c: ContractRecord, at: string): unknown[] {
  return [
    c.id, c.product, c.serviceCategory, foldKey(c.product), foldKey(c.serviceCategory), c.supplierId,
    supplierSortKey(c.supplier ?? c.supplierName), c.currentEndDate ?? NO_DATE, c.decisionDate ?? NO_DATE, c.annualValue ?? -1, at,
  ];
}

const COLUMNS: [name: string, type: string][] = [
  ['id', 'integer'], ['product', 'text'], ['service_category', 'text'], ['product_key', 'text'], ['category_key', 'text'], ['supplier_id', 'integer'],
  ['supplier_sort', 'text'], ['end_sort', 'text'], ['decision_sort', 'text'], ['value_sort', 'double precision'], ['classified_at', 'text'],
];

/** One UPDATE for many rows (UPDATE … FROM: SQLite 3.33+ and PostgreSQL alike); casts give PostgreSQL the types. */
function updateSql(rows: number): string {
  const tuple = `(${COLUMNS.map(([, type]) => `CAST(? AS ${type})`).join(', ')})`;
  return `WITH v(${COLUMNS.map(([n]) => n).join(', ')}) AS (VALUES ${Array.from({ length: rows }, () => tuple).join(', ')})
    UPDATE contracts SET ${COLUMNS.slice(1).map(([n]) => `${n} = v.${n}`).join(', ')} FROM v WHERE contracts.id = v.id`;
}

/**
 * Keeps each contract's classification, canonical supplier and sort dates stored with it, so
 * lists filter and sort in the database. The values are the read model's, so what a list shows
 * and what it filtered on agree. Runs after each import (the rows it added), after an analyst's
 * correction (that contract's reference) and with each analysis (every current contract, so an
 * improved catalogue or changed lead times reach every stored row).
 */
export class ContractClassificationStore {
  private readonly dialect: Dialect;

  constructor(
    private readonly dataSource: DataSource,
    private readonly readModel: ContractReadModel,
    private readonly gate: WriteGate,
    private readonly clock: Clock,
  ) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Current contracts not classified yet (just imported, or stored before classification was). */
  /**
   * Contracts not classified yet, or only those one import stored: an import classifies its own rows
   * after its commit, so imports running at once in several workers do not each classify the
   * others' (the analysis classifies whatever is still pending before it reads).
   */
  async classifyPending(importId?: string): Promise<number> {
    return this.pass(true, importId);
  }

  /** Every current contract again, in batches. */
  async reclassifyAll(): Promise<number> {
    return this.pass(false);
  }

  /** The council's current contracts with this reference (an analyst's correction follows the reference). */
  async classifyReference(councilCode: string, reference: string): Promise<number> {
    const rows = await this.dataSource.getRepository(ContractEntity).createQueryBuilder('c')
      .where('c.council_code = :council', { council: councilCode }).andWhere('c.reference = :reference', { reference }).andWhere('c.is_current = :cur', { cur: true })
      .getMany();
    await this.store(rows);
    return rows.length;
  }

  private async pass(pendingOnly: boolean, importId?: string): Promise<number> {
    let done = 0;
    const breathe = breather();
    for (let after = 0; ;) {
      const qb = this.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.is_current = :cur', { cur: true }).andWhere('c.id > :after', { after });
      if (pendingOnly) qb.andWhere('c.classified_at IS NULL');
      if (importId) qb.andWhere('c.import_id = :importId', { importId });
      const rows = await qb.orderBy('c.id', 'ASC').limit(BATCH).getMany();
      if (rows.length === 0) return done;
      await this.store(rows);
      done += rows.length;
      after = rows[rows.length - 1].id;
      await breathe();
    }
  }

  private async store(rows: ContractEntity[]): Promise<void> {
    if (rows.length === 0) return;
    const at = this.clock();
    const records = await this.readModel.present(rows);
    await this.gate.run(() => this.dataSource.query(placeholders(this.dialect, updateSql(records.length)), records.flatMap((r) => storedValues(r, at))));
  }
}
