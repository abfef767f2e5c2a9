import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { OpportunitiesQueryDto, TriageDto } from './dto/opportunities.dto';
import { OpportunitiesService } from './opportunities.service';

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('api/opportunities')
export class OpportunitiesController {
  constructor(private readonly opportunities: OpportunitiesService) {}

  @Get()
  @ApiOperation({ summary: 'Opportunities found by the latest analysis, sorted by score (a council sees those it takes part in)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OpportunitiesQueryDto) {
    return this.opportunities.list(principal, query);
  }

  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The analysis is queued (debounced with any other request)' })
  run(@CurrentPrincipal() principal: Principal) {
    return this.opportunities.run(principal);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One opportunity with its contracts, the alignment plan and the reasons' })
  one(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.opportunities.one(principal, id);
  }

  @Post(':id/triage')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'accepted, rejected (stays while membership is unchanged), snoozed (until a date) or open again' })
  triage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: TriageDto) {
    return this.opportunities.triage(principal, id, body);
  }
}
