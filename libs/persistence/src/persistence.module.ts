import { createHash } from 'node:crypto';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { APP_CONFIG, AppConfig } from '@app/config';
import { readCatalogue, readSupplierRelationships } from './catalogue-reference';
import { AssetRegister } from './assets/asset-register';
import { AlertsRepository } from './alerts/alerts.repository';
import { OpportunitiesRepository } from './opportunities/opportunities.repository';
import { AnalysisInputs } from './opportunities/analysis-inputs';
import { OpportunityAnalysis } from './opportunities/opportunity-analysis';
import { AnalysisReader } from './opportunities/analysis-reader';
import { AssetsRepository } from './assets/assets.repository';
import { ClassificationRepository } from './contracts/classification.repository';
import { ContractReadModel } from './contracts/contract-read-model';
import { ContractClassificationStore } from './contracts/stored-classification';
import { SupplierRefresh } from './suppliers/supplier-refresh';
import { SuppliersRepository } from './suppliers/suppliers.repository';
import { readCouncilReference, seedCouncils } from './council-reference';
import { openDatabase } from './data-source';
import { ImportIntake } from './importing/import-intake';
import { Clock, ImportRunner } from './importing/import-runner';
import { ContractsRepository } from './repositories/contracts.repository';
import { CouncilsRepository } from './repositories/councils.repository';
import { ImportsRepository } from './repositories/imports.repository';
import { MappingsRepository } from './repositories/mappings.repository';
import { TokensRepository } from './repositories/tokens.repository';
import { UsersRepository } from './repositories/users.repository';
import { WriteGate } from './write-gate';

export const CLOCK = Symbol('CLOCK');

const systemClock: Clock = () => new Date().toISOString();

@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: WriteGate, useValue: new WriteGate() },
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const dataSource = await openDatabase(config.database);
        await seedCouncils(dataSource, readCouncilReference(config.dataDir));
        await new SuppliersRepository(dataSource, new WriteGate()).seedRelationships(readSupplierRelationships(config.dataDir));
        return dataSource;
      },
    },
    { provide: CouncilsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new CouncilsRepository(ds) },
    { provide: ContractsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ContractsRepository(ds) },
    { provide: TokensRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new TokensRepository(ds, g) },
    { provide: UsersRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new UsersRepository(ds, g) },
    { provide: ImportsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new ImportsRepository(ds, g) },
    { provide: MappingsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new MappingsRepository(ds, g) },
    { provide: SuppliersRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new SuppliersRepository(ds, g) },
    { provide: SupplierRefresh, inject: [SuppliersRepository, CLOCK], useFactory: (r: SuppliersRepository, c: Clock) => new SupplierRefresh(r, c) },
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
    {
      provide: AssetRegister,
      inject: [AssetsRepository, ContractsRepository, ContractReadModel, CouncilsRepository, CLOCK],
      useFactory: (a: AssetsRepository, c: ContractsRepository, r: ContractReadModel, k: CouncilsRepository, clock: Clock) => new AssetRegister(a, c, r, k, clock),
    },
    { provide: OpportunitiesRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new OpportunitiesRepository(ds, g) },
    {
      provide: OpportunityAnalysis,
      inject: [ContractsRepository, ContractReadModel, CouncilsRepository, OpportunitiesRepository, CLOCK, APP_CONFIG, DataSource, ContractClassificationStore],
      useFactory: (c: ContractsRepository, r: ContractReadModel, k: CouncilsRepository, o: OpportunitiesRepository, clock: Clock, config: AppConfig, ds: DataSource, stored: ContractClassificationStore) => {
        const catalogue = readCatalogue(config.dataDir);
        const version = createHash('sha256').update(JSON.stringify(catalogue)).digest('hex').slice(0, 16);
        const reader = new AnalysisReader(ds, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy), config.leadTimes, version);
        const rules = { minCouncils: config.opportunityMinCouncils, minAnnualValue: config.opportunityMinAnnualValue };
        return new OpportunityAnalysis(c, r, k, o, clock, config.alignmentWindowMonths, { reader, rules, stored, inputs: new AnalysisInputs(ds) });
      },
    },
    { provide: AlertsRepository, inject: [DataSource, WriteGate], useFactory: (ds: DataSource, g: WriteGate) => new AlertsRepository(ds, g) },
    { provide: ImportIntake, inject: [ImportsRepository, CLOCK], useFactory: (i: ImportsRepository, c: Clock) => new ImportIntake(i, c) },
    {
      provide: ContractClassificationStore,
      inject: [DataSource, ContractReadModel, WriteGate, CLOCK],
      useFactory: (ds: DataSource, r: ContractReadModel, g: WriteGate, clock: Clock) => new ContractClassificationStore(ds, r, g, clock),
    },
    {
      provide: ImportRunner,
      inject: [DataSource, APP_CONFIG, ImportsRepository, MappingsRepository, CouncilsRepository, WriteGate, CLOCK, ContractClassificationStore],
      useFactory: (ds: DataSource, config: AppConfig, i: ImportsRepository, m: MappingsRepository, c: CouncilsRepository, g: WriteGate, clock: Clock, s: ContractClassificationStore) =>
        new ImportRunner(ds, config.database, i, m, c, g, clock, s),
    },
  ],
  exports: [CLOCK, WriteGate, DataSource, CouncilsRepository, ContractsRepository, TokensRepository, UsersRepository, ImportsRepository, MappingsRepository, SuppliersRepository, SupplierRefresh, ClassificationRepository, ContractReadModel, ContractClassificationStore, AssetsRepository, AssetRegister, OpportunitiesRepository, OpportunityAnalysis, AlertsRepository, ImportIntake, ImportRunner],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
