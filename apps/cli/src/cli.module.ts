import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';

@Module({ imports: [ConfigModule, PersistenceModule] })
export class CliModule {}
