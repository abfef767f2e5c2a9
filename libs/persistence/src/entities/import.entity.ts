import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ImportMode, ModeRule } from '../importing/import-modes';

export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed';

@Entity('imports')
export class ImportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The council the uploader named (or a council token's own); null for a multi-council file. */
  @Column({ name: 'council_code', type: 'varchar', length: 9, nullable: true })
  councilCode: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 500 })
  fileName: string;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256: string;

  @Column({ name: 'file_size', type: 'integer' })
  fileSize: number;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  /** JSON: encoding, delimiter, header row, title rows, columns and where each mapping came from. */
  @Column({ type: 'text', nullable: true })
  layout: string | null;

  /** JSON array of the GSS codes whose contracts this import holds. */
  @Column({ name: 'councils', type: 'text', nullable: true })
  councils: string | null;

  @Column({ type: 'integer', default: 0 })
  rows: number;

  @Column({ type: 'integer', default: 0 })
  imported: number;

  @Column({ name: 'with_warnings', type: 'integer', default: 0 })
  withWarnings: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  /** Contracts of earlier registers that this one replaced. */
  @Column({ type: 'integer', default: 0 })
  superseded: number;

  /** The mode the upload asked for (form field, `--mode`, job payload); null when it did not say. */
  @Column({ name: 'mode_requested', type: 'varchar', length: 6, nullable: true })
  modeRequested: ImportMode | null;

  /** The mode the import ran in; null until it has run. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  mode: ImportMode | null;

  /** Which part of the rule chose the mode (see chooseImportMode). */
  @Column({ name: 'mode_rule', type: 'varchar', length: 20, nullable: true })
  modeRule: ModeRule | null;

  /** Why, in words. */
  @Column({ name: 'mode_reason', type: 'text', nullable: true })
  modeReason: string | null;

  /** Contracts whose reference the council had no current contract for (or that have no reference). Null for imports before modes. */
  @Column({ type: 'integer', nullable: true })
  added: number | null;

  /** Contracts that replaced a current one with the same reference and different content. */
  @Column({ type: 'integer', nullable: true })
  changed: number | null;

  /** Contracts that replaced a current one with the same reference and the same content. */
  @Column({ type: 'integer', nullable: true })
  unchanged: number | null;

  /** Current contracts no longer current because a full import did not hold their reference. */
  @Column({ type: 'integer', nullable: true })
  retired: number | null;

  @Column({ name: 'issue_count', type: 'integer', default: 0 })
  issueCount: number;

  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'started_at', type: 'varchar', length: 30, nullable: true })
  startedAt: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 30, nullable: true })
  finishedAt: string | null;
}
