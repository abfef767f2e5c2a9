import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ClassificationCorrectionDto } from './dto/classification.dto';
import { ContractsQueryDto } from './dto/contracts-query.dto';
import { ContractsService } from './contracts.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Get()
  @ApiOkResponse({ description: 'Current contracts (superseded ones left out), a page at a time' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ContractsQueryDto) {
    return this.contracts.list(principal, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One contract, with its canonical supplier and classification' })
  one(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number) {
    return this.contracts.one(principal, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ description: 'Every stored version of the contract, oldest first: the import, file and row each came from, and what changed from the version before' })
  history(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number) {
    return this.contracts.history(principal, id);
  }

  @Get(':id/opportunities')
  @ApiOkResponse({ description: 'The current opportunities the contract is in, strongest first, with its step of each collaborative plan' })
  opportunities(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number) {
    return this.contracts.findings(principal, id);
  }

  @Put(':id/classification')
  @ApiOkResponse({ description: 'The contract with the corrected product and category; kept for the same reference in later registers' })
  correct(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: ClassificationCorrectionDto) {
    return this.contracts.correctClassification(principal, id, body);
  }
}
