import { createHash } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AnalysisInputs, AnalysisReader, AssetsRepository, CLOCK, Clock, ContractReadModel, ContractsRepository, CouncilsRepository, FindingsStore, readCatalogue, SuppliersRepository, WriteGate } from '@app/persistence';
import { AssetRegister } from './asset-register';
import { OpportunityAnalysis } from './opportunity-analysis';
import { ContractClassificationStore } from './stored-classification';
import { SupplierRefresh } from './supplier-refresh';

/** What the register works out from stored contracts: classifications, supplier groups, assets and opportunities. */
@Global()
@Module({
  providers: [
    { provide: SupplierRefresh, inject: [SuppliersRepository, CLOCK], useFactory: (r: SuppliersRepository, c: Clock) => new SupplierRefresh(r, c) },
    {
      provide: ContractClassificationStore,
      inject: [DataSource, ContractReadModel, WriteGate, CLOCK],
      useFactory: (ds: DataSource, r: ContractReadModel, g: WriteGate, clock: Clock) => new ContractClassificationStore(ds, r, g, clock),
    },
    {
      provide: AssetRegister,
      inject: [AssetsRepository, ContractsRepository, ContractReadModel, CouncilsRepository, CLOCK],
      useFactory: (a: AssetsRepository, c: ContractsRepository, r: ContractReadModel, k: CouncilsRepository, clock: Clock) => new AssetRegister(a, c, r, k, clock),
    },
    {
      provide: OpportunityAnalysis,
      inject: [ContractsRepository, ContractReadModel, CouncilsRepository, FindingsStore, CLOCK, APP_CONFIG, DataSource, ContractClassificationStore],
      useFactory: (c: ContractsRepository, r: ContractReadModel, k: CouncilsRepository, o: FindingsStore, clock: Clock, config: AppConfig, ds: DataSource, stored: ContractClassificationStore) => {
        const catalogue = readCatalogue(config.dataDir);
        // The catalogue's fingerprint: when it changes, every stored classification is made again before the reader trusts it.
        const version = createHash('sha256').update(JSON.stringify(catalogue)).digest('hex').slice(0, 16);
        const reader = new AnalysisReader(ds, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy), config.leadTimes, version,
          { count: config.analysisReadThreads, catalogue });
        const rules = { minCouncils: config.opportunityMinCouncils, minAnnualValue: config.opportunityMinAnnualValue };
        return new OpportunityAnalysis(c, r, k, o, clock, config.alignmentWindowMonths, { reader, rules, stored, inputs: new AnalysisInputs(ds), partContracts: config.analysisPartContracts });
      },
    },
  ],
  exports: [SupplierRefresh, ContractClassificationStore, AssetRegister, OpportunityAnalysis],
})
export class AnalysisModule {}
