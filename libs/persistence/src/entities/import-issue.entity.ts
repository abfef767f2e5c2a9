import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('import_issues')
export class ImportIssueEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId: string;

  @Column({ type: 'integer', nullable: true })
  row: number | null;

  @Column({ name: 'column_name', type: 'text', nullable: true })
  column: string | null;

  @Column({ type: 'text', nullable: true })
  value: string | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 8 })
  severity: string;

  @Column({ type: 'text' })
  message: string;
}
