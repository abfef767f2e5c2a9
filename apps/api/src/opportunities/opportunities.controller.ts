import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { OpportunityDetailQueryDto, OpportunitiesQueryDto, TriageDto } from './dto/opportunities.dto';
import { OpportunitiesService } from './opportunities.service';
import { pageBody } from '../paging';

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('api/opportunities')
export class OpportunitiesController {
  constructor(private readonly opportunities: OpportunitiesService) {}

  @Get()
  @ApiOperation({
    summary: 'Opportunities found by the latest analysis, strongest first (a council sees those it takes part in). An array (at most 50) with the next page in the Link, '
      + 'X-Next-Cursor and X-Total-Count headers; with `limit` or `cursor`, `{items, limit, next, nextUrl, total, totalIsEstimate}`. Each item carries the first 10 plan steps '
      + 'and 25 contracts and the first 20 lines of why (`planTotal`, `contractsTotal`, `whyTotal`, `truncated` say so); GET /api/opportunities/:id has them all.',
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: OpportunitiesQueryDto, @Res({ passthrough: true }) res: Response) {
    return pageBody(res, query, await this.opportunities.list(principal, query));
  }

  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The analysis is queued (debounced with any other request)' })
  run(@CurrentPrincipal() principal: Principal) {
    return this.opportunities.run(principal);
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'One opportunity with its contracts, the alignment plan and the reasons. Members come 200 at a time (`limit` up to 500): `contracts`, `plan` and '
      + '`contractDetails` hold those from `cursor` on, `contractsTotal` counts them all and `nextUrl` gives the rest; every response is under 1 MB.',
  })
  one(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: OpportunityDetailQueryDto) {
    return this.opportunities.one(principal, id, query);
  }

  @Post(':id/triage')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'accepted, rejected (stays while membership is unchanged), snoozed (until a date) or open again' })
  triage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: TriageDto) {
    return this.opportunities.triage(principal, id, body);
  }
}
