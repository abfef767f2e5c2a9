import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('column_mappings')
export class ColumnMappingEntity {
  @PrimaryColumn({ name: 'council_code', type: 'varchar', length: 9 })
  councilCode: string;

  /** JSON object: header text → field name, or null to keep the column as an extra. */
  @Column({ type: 'text' })
  mapping: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
