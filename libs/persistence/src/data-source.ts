import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { ApiTokenEntity } from './entities/api-token.entity';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { ContractEntity } from './entities/contract.entity';
import { CouncilEntity } from './entities/council.entity';
import { ImportIssueEntity } from './entities/import-issue.entity';
import { ImportEntity } from './entities/import.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { DropContractsImportIndex1763900000000 } from './migrations/1763900000000-drop-contracts-import-index';
import { SuppliersAndClassification1764000000000 } from './migrations/1764000000000-suppliers-and-classification';
import { Assets1764100000000 } from './migrations/1764100000000-assets';
import { Opportunities1764200000000 } from './migrations/1764200000000-opportunities';
import { Alerts1764300000000 } from './migrations/1764300000000-alerts';
import { UsersAndSessions1764400000000 } from './migrations/1764400000000-users-and-sessions';
import { ContractProvenance1764700000000 } from './migrations/1764700000000-contract-provenance';
import { SupplierGroups1764900000000 } from './migrations/1764900000000-supplier-groups';
import { ImportModes1764800000000 } from './migrations/1764800000000-import-modes';
import { StoredClassificationAndPaging1765000000000 } from './migrations/1765000000000-stored-classification-and-paging';
import { OpportunityPaging1765100000000 } from './migrations/1765100000000-opportunity-paging';
import { NationalListIndexes1765210000000 } from './migrations/1765210000000-national-list-indexes';
import { BoundedOpportunityWhy1765220000000 } from './migrations/1765220000000-bounded-opportunity-why';
import { OpportunityBodyLast1765230000000 } from './migrations/1765230000000-opportunity-body-last';
import { AnalysisInputs1765250000000 } from './migrations/1765250000000-analysis-inputs';
import { TokenExpiry1765300000000 } from './migrations/1765300000000-token-expiry';
import { AuditLog1765400000000 } from './migrations/1765400000000-audit-log';
import { RetiredBy1765500000000 } from './migrations/1765500000000-retired-by';
import { SupplierPageValue1765600000000 } from './migrations/1765600000000-supplier-page-value';
import { AnalysisStaging1765700000000 } from './migrations/1765700000000-analysis-staging';
import { sqlitePragmas } from './sqlite-pragmas';

export const ENTITIES = [CouncilEntity, ApiTokenEntity, ImportEntity, ImportIssueEntity, ContractEntity, ColumnMappingEntity];
export const MIGRATIONS = [InitialSchema1763800000000, DropContractsImportIndex1763900000000, SuppliersAndClassification1764000000000, Assets1764100000000, Opportunities1764200000000, Alerts1764300000000, UsersAndSessions1764400000000, ContractProvenance1764700000000, ImportModes1764800000000, SupplierGroups1764900000000, StoredClassificationAndPaging1765000000000, OpportunityPaging1765100000000, NationalListIndexes1765210000000, BoundedOpportunityWhy1765220000000, OpportunityBodyLast1765230000000, AnalysisInputs1765250000000, TokenExpiry1765300000000, AuditLog1765400000000, RetiredBy1765500000000, SupplierPageValue1765600000000, AnalysisStaging1765700000000];

export { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PAGE_SIZE, sqlitePragmas } from './sqlite-pragmas';

export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (config.type === 'sqlite') {
    if (config.path !== ':memory:') fs.mkdirSync(path.dirname(config.path), { recursive: true });
    return { ...common, type: 'better-sqlite3', database: config.path, prepareDatabase: (db: { pragma(sql: string): unknown }) => sqlitePragmas(db, config.busyTimeoutMs) };
  }
  // Raw SQL (bulk import) names tables without a schema, so the schema goes on the search path.
  const searchPath = config.schema === 'public' ? {} : { options: `-c search_path=${config.schema.replace(/[^\w]/g, '')}` };
  return { ...common, type: 'postgres', url: config.url, schema: config.schema, extra: { max: 10, ...searchPath }, applicationName: 'council-contract-register' };
}

/** Connects and brings the schema up to date (migrations run on every start; they are idempotent). */
export async function openDatabase(config: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  if (config.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return dataSource;
  }
  // The API and several workers may start together on a new database: one migrates while the others
  // wait on a lock (per schema, held by one connection) and then find nothing left to run.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`ccr-migrations:${config.schema}`]);
    if (config.schema !== 'public') await runner.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema.replace(/"/g, '')}"`);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`ccr-migrations:${config.schema}`]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
