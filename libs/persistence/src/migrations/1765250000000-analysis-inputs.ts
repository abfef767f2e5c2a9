import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the last analysis read, as fingerprints: one row per council (its current contracts) and
 * one for everything else the analysis depends on (settings, today, supplier directory, corrections,
 * council names). A run whose fingerprints all match the stored ones has nothing to recompute.
 * Runs say whether they computed or found nothing changed.
 */
export class AnalysisInputs1765250000000 implements MigrationInterface {
  name = 'AnalysisInputs1765250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analysis_inputs (
      scope varchar(40) NOT NULL PRIMARY KEY,
      fingerprint varchar(64) NOT NULL,
      contracts integer NOT NULL DEFAULT 0,
      recorded_at varchar(30) NOT NULL
    )`);
    await q.query('ALTER TABLE analysis_runs ADD COLUMN outcome varchar(20) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE analysis_runs DROP COLUMN outcome');
    await q.query('DROP TABLE analysis_inputs');
  }
}
