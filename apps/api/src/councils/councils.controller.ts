import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CONTRACT_FIELDS, ColumnMapping, ContractField } from '@app/ingest';
import { CLOCK, Clock, CouncilsRepository, MappingsRepository } from '@app/persistence';
import { Inject } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { assertMayWriteFor, Principal, readScope } from '../auth/principal';
import { DomainError } from '../errors/error-codes';
import { ColumnMappingDto } from './dto/column-mapping.dto';

@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/councils')
export class CouncilsController {
  constructor(private readonly councils: CouncilsRepository, private readonly mappings: MappingsRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @ApiOkResponse({ description: 'Councils the token may see, with GSS codes' })
  async list(@CurrentPrincipal() principal: Principal) {
    const scope = readScope(principal);
    const all = await this.councils.all();
    // Councils abolished since are known (old registers name them) but not listed as councils today.
    return all.filter((c) => !c.endDate && (scope.kind === 'all' || c.code === scope.code)).map(({ code, name, shortName, nation }) => ({ code, name, shortName, nation }));
  }

  private async known(code: string): Promise<string> {
    const council = (await this.councils.directory()).get(code);
    if (!council) throw new NotFoundException(`no council with GSS code ${code}`);
    return council.code;
  }

  @Get(':code/column-mapping')
  async getMapping(@CurrentPrincipal() principal: Principal, @Param('code') code: string) {
    const council = await this.known(code);
    const scope = readScope(principal);
    if (scope.kind === 'council' && scope.code !== council) throw new NotFoundException(`no council with GSS code ${code}`);
    return { council, mapping: (await this.mappings.findForCouncil(council)) ?? {} };
  }

  @Put(':code/column-mapping')
  @ApiOkResponse({ description: 'Saved; later uploads for this council use it before the built-in column names' })
  async putMapping(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() body: ColumnMappingDto) {
    const council = await this.known(code);
    assertMayWriteFor(principal, council);
    const mapping: ColumnMapping = {};
    for (const [header, field] of Object.entries(body.mapping)) {
      if (field !== null && !(CONTRACT_FIELDS as readonly string[]).includes(field)) {
        throw new DomainError('MAPPING_INVALID', `"${field}" (for column "${header}") is not a field; use one of ${CONTRACT_FIELDS.join(', ')} or null`, { column: header, value: field });
      }
      mapping[header] = field as ContractField | null;
    }
    await this.mappings.saveForCouncil(council, mapping, this.clock());
    return { council, mapping };
  }
}
