import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { NotificationsModule } from '@app/notifications';
import { QueueModule } from '@app/queue';
import { ImportsProcessor } from './imports/imports.processor';

@Module({
  imports: [ConfigModule, PersistenceModule, NotificationsModule, QueueModule],
  providers: [ImportsProcessor],
})
export class WorkerModule {}
