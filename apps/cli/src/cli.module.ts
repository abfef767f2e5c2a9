import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { AnalysisModule } from '@app/analysis';
import { ImportingModule } from '@app/importing';
import { PersistenceModule } from '@app/persistence';
import { NotificationsModule } from '@app/notifications';

@Module({ imports: [ConfigModule, PersistenceModule, AnalysisModule, ImportingModule, NotificationsModule] })
export class CliModule {}
