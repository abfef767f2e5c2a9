import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { NotificationsModule } from '@app/notifications';

@Module({ imports: [ConfigModule, PersistenceModule, NotificationsModule] })
export class CliModule {}
