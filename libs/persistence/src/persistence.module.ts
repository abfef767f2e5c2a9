import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_EVENT_LOOP_WAIT_MS } from './sqlite-pragmas';
import { readCatalogue, readSupplierRelationships } from './catalogue-reference';
import { AlertsRepository } from './alerts/alerts.repository';
import { OpportunitiesRepository } from './opportunities/opportunities.repository';
import { FindingsStore } from './opportunities/findings-store';
import { AssetsRepository } from './assets/assets.repository';
import { ClassificationRepository } from './contracts/classification.repository';
import { ContractReadModel } from './contracts/contract-read-model';
import { SuppliersRepository } from './suppliers/suppliers.repository';
import { readCouncilReference, seedCouncils } from './council-reference';
import { openDatabase } from './data-source';
import { CLOCK, systemClock } from './clock';
import { ContractsRepository } from './repositories/contracts.repository';
import { TotalsCache } from './totals-cache';
import { CouncilsRepository } from './repositories/councils.repository';
import { ImportsRepository } from './repositories/imports.repository';
import { MappingsRepository } from './repositories/mappings.repository';
import { TokensRepository } from './repositories/tokens.repository';
import { AuditRepository } from './repositories/audit.repository';
import { AuditStatesRepository } from './repositories/audit-states.repository';
import { UsersRepository } from './repositories/users.repository';
import { WriteGate } from './write-gate';

@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: WriteGate, useValue: new WriteGate() },
    {
      provide: DataSource,
      inject: [APP_CONFIG, WriteGate],
      useFactory: async (config: AppConfig, gate: WriteGate) => {
        const dataSource = await openDatabase(config.database);
        await seedCouncils(dataSource, readCouncilReference(config.dataDir));
        await new SuppliersRepository(dataSource, new WriteGate()).seedRelationships(readSupplierRelationships(config.dataDir));
        if (config.database.type === 'sqlite') {
          // Started: from here on every write goes through the gate, which waits for another process's
          // lock between short tries rather than on the event loop (see WriteGate).
          await dataSource.query(`PRAGMA busy_timeout = ${SQLITE_EVENT_LOOP_WAIT_MS}`);
          gate.retryBusyFor(config.database.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS);
        }
        return dataSource;
      },
    },
    { provide: CouncilsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new CouncilsRepository(ds) },
    { provide: ContractsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new ContractsRepository(ds, new TotalsCache(ds, g)) },
    { provide: TokensRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new TokensRepository(ds, g) },
    { provide: AuditRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new AuditRepository(ds, g) },
    { provide: AuditStatesRepository, inject: [DataSource], useFactory: (ds: DataSource) => new AuditStatesRepository(ds) },
    { provide: UsersRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new UsersRepository(ds, g) },
    { provide: ImportsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new ImportsRepository(ds, g) },
    { provide: MappingsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new MappingsRepository(ds, g) },
    { provide: SuppliersRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new SuppliersRepository(ds, g) },
    { provide: ClassificationRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new ClassificationRepository(ds, g) },
    {
      provide: ContractReadModel,
      inject: [SuppliersRepository, ClassificationRepository, APP_CONFIG],
      useFactory: (s: SuppliersRepository, c: ClassificationRepository, config: AppConfig) => {
        const catalogue = readCatalogue(config.dataDir);
        return new ContractReadModel(s, c, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy), config.leadTimes);
      },
    },
    { provide: AssetsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new AssetsRepository(ds, g) },
    { provide: OpportunitiesRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new OpportunitiesRepository(ds, g) },
    { provide: FindingsStore, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new FindingsStore(ds, g) },
    { provide: AlertsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new AlertsRepository(ds, g) },
  ],
  exports: [CLOCK, WriteGate, DataSource, CouncilsRepository, ContractsRepository, TokensRepository, AuditRepository, AuditStatesRepository, UsersRepository, ImportsRepository, MappingsRepository, SuppliersRepository, ClassificationRepository, ContractReadModel, AssetsRepository, OpportunitiesRepository, FindingsStore, AlertsRepository],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
