import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ContractClassificationStore } from '@app/analysis';
import { CLOCK, Clock, CouncilsRepository, ImportsRepository, MappingsRepository, WriteGate } from '@app/persistence';
import { ImportIntake } from './import-intake';
import { ImportRunner } from './import-runner';

/** Importing a council's register: taking the upload in, then reading, checking and storing it in one transaction. */
@Global()
@Module({
  providers: [
    {
      provide: ImportIntake,
      inject: [ImportsRepository, CLOCK, APP_CONFIG],
      useFactory: (i: ImportsRepository, c: Clock, config: AppConfig) => new ImportIntake(i, c, { perCouncilBytes: config.uploadStorePerCouncilBytes, retentionDays: config.uploadRetentionDays }),
    },
    {
      provide: ImportRunner,
      inject: [DataSource, APP_CONFIG, ImportsRepository, MappingsRepository, CouncilsRepository, WriteGate, CLOCK, ContractClassificationStore],
      useFactory: (ds: DataSource, config: AppConfig, i: ImportsRepository, m: MappingsRepository, c: CouncilsRepository, g: WriteGate, clock: Clock, s: ContractClassificationStore) =>
        new ImportRunner(ds, config.database, i, m, c, g, clock, s, config.readLimits),
    },
  ],
  exports: [ImportIntake, ImportRunner],
})
export class ImportingModule {}
