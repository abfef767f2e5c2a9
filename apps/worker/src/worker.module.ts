import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AnalysisModule } from '@app/analysis';
import { ImportingModule } from '@app/importing';
import { PersistenceModule } from '@app/persistence';
import { NotificationsModule } from '@app/notifications';
import { QueueModule } from '@app/queue';
import { ImportsProcessor } from './imports/imports.processor';

@Module({
  imports: [ConfigModule, PersistenceModule, AnalysisModule, ImportingModule, NotificationsModule, QueueModule],
  providers: [ImportsProcessor],
})
export class WorkerModule {}
