import { Module } from '@nestjs/common';
import { ContractsService } from '../contracts/contracts.service';
import { uploadsModule } from '../uploads';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  imports: [uploadsModule()],
  controllers: [AssetsController],
  providers: [AssetsService, ContractsService],
})
export class AssetsModule {}
