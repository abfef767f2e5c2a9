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

  @Put(':id/classification')
  @ApiOkResponse({ description: 'The contract with the corrected product and category; kept for the same reference in later registers' })
  correct(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: ClassificationCorrectionDto) {
    return this.contracts.correctClassification(principal, id, body);
  }
}
