import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings of an analysis run in parts, kept aside part by part (each part's own short
 * transaction, possibly from different workers) until the run stores them all at once: the
 * current findings change in one transaction, and a run that stops half way changes nothing.
 */
export class AnalysisStaging1765700000000 implements MigrationInterface {
  name = 'AnalysisStaging1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analysis_staged_findings (
      run_token varchar(40) NOT NULL,
      part integer NOT NULL,
      staged_at varchar(30) NOT NULL,
      id varchar(16) NOT NULL,
      kind varchar(20) NOT NULL,
      label text NOT NULL,
      councils text NOT NULL,
      score double precision NULL,
      annual_value double precision NULL,
      earliest_decision varchar(10) NULL,
      rank_score double precision NOT NULL,
      product varchar(200) NULL,
      category varchar(200) NULL,
      supplier text NULL,
      summary text NULL,
      body_hash varchar(16) NOT NULL,
      body text NOT NULL,
      PRIMARY KEY (run_token, id)
    )`);
    await q.query('CREATE INDEX ix_analysis_staged_part ON analysis_staged_findings (run_token, part)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE analysis_staged_findings');
  }
}
