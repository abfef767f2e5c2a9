import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pageBody } from '../paging';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { SupplierPageQueryDto, SupplierPairDto, SupplierRelationshipDto, SupplierRenameDto, SupplierSplitDto, SuppliersQueryDto } from './dto/supplier-decision.dto';
import { SuppliersService } from './suppliers.service';

const PAGED = 'An array (at most 50) with the next page in the Link, X-Next-Cursor and X-Total-Count headers; with `limit` or `cursor`, `{items, limit, next, nextUrl, total, totalIsEstimate}`.';

@ApiTags('suppliers')
@ApiBearerAuth()
@Controller('api/suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Get()
  @ApiOperation({ summary: 'Canonical suppliers with their variants (names as written), councils and current contract counts, by name. ' + PAGED })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: SuppliersQueryDto, @Res({ passthrough: true }) res: Response) {
    return pageBody(res, query, await this.suppliers.list(principal, query));
  }

  @Get('suggestions')
  @ApiOperation({ summary: 'Name pairs the matching was not sure enough to merge, for review (analysts and admins), most money affected first. ' + PAGED })
  async suggestions(@CurrentPrincipal() principal: Principal, @Query() query: SupplierPageQueryDto, @Res({ passthrough: true }) res: Response) {
    return pageBody(res, query, await this.suppliers.suggestions(principal, query));
  }

  @Get('decisions')
  @ApiOperation({ summary: 'The review ledger: every merge, split, never-merge and rename, with who, when and why, oldest first. ' + PAGED })
  async decisions(@CurrentPrincipal() principal: Principal, @Query() query: SupplierPageQueryDto, @Res({ passthrough: true }) res: Response) {
    return pageBody(res, query, await this.suppliers.decisions(principal, query));
  }

  @Post('merge')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The supplier that now holds both' })
  merge(@CurrentPrincipal() principal: Principal, @Body() body: SupplierPairDto) {
    return this.suppliers.merge(principal, body);
  }

  @Post('split')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The supplier the names were taken from, and the one they now form' })
  split(@CurrentPrincipal() principal: Principal, @Body() body: SupplierSplitDto) {
    return this.suppliers.split(principal, body);
  }

  @Post('never-merge')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The two suppliers, kept apart from now on' })
  neverMerge(@CurrentPrincipal() principal: Principal, @Body() body: SupplierPairDto) {
    return this.suppliers.neverMerge(principal, body);
  }

  @Post(':id/rename')
  @HttpCode(200)
  rename(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: SupplierRenameDto) {
    return this.suppliers.rename(principal, id, body);
  }

  @Get('relationships')
  @ApiOperation({ summary: 'Known renames, aliases, parent groups and resellers (seeded from data/suppliers, editable)' })
  relationships(@CurrentPrincipal() principal: Principal) {
    return this.suppliers.relationships(principal);
  }

  @Post('relationships')
  @HttpCode(200)
  addRelationship(@CurrentPrincipal() principal: Principal, @Body() body: SupplierRelationshipDto) {
    return this.suppliers.addRelationship(principal, body);
  }
}
