import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('contracts')
export class ContractEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId: string;

  @Column({ name: 'council_code', type: 'varchar', length: 9 })
  councilCode: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'supplier_name', type: 'text', nullable: true })
  supplierName: string | null;

  @Column({ name: 'company_number', type: 'varchar', length: 8, nullable: true })
  companyNumber: string | null;

  @Column({ name: 'start_date', type: 'varchar', length: 10, nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'varchar', length: 10, nullable: true })
  endDate: string | null;

  @Column({ name: 'end_date_derived', type: 'boolean', default: false })
  endDateDerived: boolean;

  @Column({ name: 'duration_months', type: 'integer', nullable: true })
  durationMonths: number | null;

  @Column({ name: 'extension_text', type: 'text', nullable: true })
  extensionText: string | null;

  @Column({ name: 'notice_period', type: 'text', nullable: true })
  noticePeriod: string | null;

  @Column({ name: 'annual_value', type: 'double precision', nullable: true })
  annualValue: number | null;

  @Column({ name: 'total_value', type: 'double precision', nullable: true })
  totalValue: number | null;

  /** 'given', 'derived' (from the other value over the term) or 'estimated' (midpoint of a range). */
  @Column({ name: 'annual_value_source', type: 'varchar', length: 10, nullable: true })
  annualValueSource: 'given' | 'derived' | 'estimated' | null;

  @Column({ name: 'total_value_source', type: 'varchar', length: 10, nullable: true })
  totalValueSource: 'given' | 'derived' | 'estimated' | null;

  @Column({ name: 'value_low', type: 'double precision', nullable: true })
  valueLow: number | null;

  @Column({ name: 'value_high', type: 'double precision', nullable: true })
  valueHigh: number | null;

  /** Unit the register's extension header gave to bare numbers ("Extension (months)"). */
  @Column({ name: 'extension_unit', type: 'varchar', length: 6, nullable: true })
  extensionUnit: 'months' | 'years' | null;

  /** Other councils of a joint contract, space-separated GSS codes; null otherwise. */
  @Column({ name: 'joint_councils', type: 'text', nullable: true })
  jointCouncils: string | null;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text', nullable: true })
  cpv: string | null;

  @Column({ type: 'text', nullable: true })
  department: string | null;

  /** JSON object of the columns the importer did not recognise. */
  @Column({ type: 'text', nullable: true })
  extras: string | null;

  @Column({ name: 'row_number', type: 'integer' })
  rowNumber: number;

  @Column({ name: 'has_warnings', type: 'boolean', default: false })
  hasWarnings: boolean;

  /** False once a newer register for the council has replaced it (kept for history). */
  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent: boolean;

  @Column({ name: 'previous_contract_id', type: 'integer', nullable: true })
  previousContractId: number | null;

  @Column({ name: 'superseded_by_import_id', type: 'varchar', length: 36, nullable: true })
  supersededByImportId: string | null;

  /** The full import that retired it (its reference was not in that register); null for a contract replaced or still current. */
  @Column({ name: 'retired_by_import_id', type: 'varchar', length: 36, nullable: true })
  retiredByImportId: string | null;

  // ---- stored for lists to filter and sort on (kept up to date by ContractClassificationStore) ----

  /** The product and service category the read model gives (an analyst's correction included). */
  @Column({ type: 'text', nullable: true })
  product: string | null;

  @Column({ name: 'service_category', type: 'text', nullable: true })
  serviceCategory: string | null;

  @Column({ name: 'product_key', type: 'varchar', length: 200, nullable: true })
  productKey: string | null;

  @Column({ name: 'category_key', type: 'varchar', length: 200, nullable: true })
  categoryKey: string | null;

  /** The canonical supplier of the name as written, as of the last supplier refresh. */
  @Column({ name: 'supplier_id', type: 'integer', nullable: true })
  supplierId: number | null;

  @Column({ name: 'supplier_sort', type: 'varchar', length: 200, default: '~' })
  supplierSort: string;

  /** The current end and the decision date ('9999-12-31' when unknown: they sort last). */
  @Column({ name: 'end_sort', type: 'varchar', length: 10, default: '9999-12-31' })
  endSort: string;

  @Column({ name: 'decision_sort', type: 'varchar', length: 10, default: '9999-12-31' })
  decisionSort: string;

  /** The annual value, -1 when unknown (it sorts last, largest first). */
  @Column({ name: 'value_sort', type: 'double precision', default: -1 })
  valueSort: number;

  @Column({ name: 'classified_at', type: 'varchar', length: 30, nullable: true })
  classifiedAt: string | null;
}
