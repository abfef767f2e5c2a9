import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditRepository, pageLimit } from '@app/persistence';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal, readScope } from '../auth/principal';
import { queryDate } from '../dates';
import { readPage } from '../paging';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOkResponse({ description: 'The audit log, newest first: who changed what, when, for which council (admins: all; a council token: what concerns its council; analysts: refused)' })
  @ApiQuery({ name: 'actor', required: false }) @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'DD/MM/YYYY' }) @ApiQuery({ name: 'to', required: false, description: 'DD/MM/YYYY' })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  async list(@CurrentPrincipal() principal: Principal, @Query() q: Record<string, string | undefined>) {
    if (principal.role === 'analyst') throw new ForbiddenException('the audit log is for admins, and for councils about their own council');
    const limit = pageLimit(q.limit ? Number(q.limit) : undefined);
    const page = await readPage(() => this.audit.page(readScope(principal), {
      actor: q.actor?.slice(0, 200), action: q.action?.slice(0, 80), from: queryDate('from', q.from), to: queryDate('to', q.to),
    }, limit, q.cursor));
    return { items: page.items, total: page.total, limit, next: page.next };
  }
}
