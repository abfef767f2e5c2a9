import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ChangesQueryDto, ImportUploadDto, IssuesQueryDto, MODE_RULE_TEXT } from './dto/import-upload.dto';
import { ImportsService } from './imports.service';

function boundedInt(raw: string | undefined, fallback: number, max: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object', required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        council: { type: 'string', description: 'GSS code or council name' },
        mode: { type: 'string', enum: ['full', 'update'], description: MODE_RULE_TEXT },
      },
    },
  })
  @ApiAcceptedResponse({ description: '{id, status}: queued for import; 200 with status "unchanged" when the bytes are already the council\'s latest import (unless mode "full" is asked for and that import was not full)' })
  @ApiPayloadTooLargeResponse({ description: 'file larger than UPLOAD_LIMIT_MB' })
  async upload(@CurrentPrincipal() principal: Principal, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: ImportUploadDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.imports.upload(principal, file, body.council, body.mode);
    if (result.status === 'unchanged') res.status(HttpStatus.OK);
    else res.location(`/api/imports/${result.id}`);
    return result;
  }

  @Get(':id')
  @ApiOkResponse({ description: 'Status, council, mapping used, counts, the mode used and why, the contracts added, changed and retired (first 1,000 of each; see /changes for all) and issues (first 1,000; see /issues for all)' })
  report(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.report(principal, id);
  }

  @Get(':id/issues')
  @ApiOkResponse({ description: 'Every row issue, a page at a time' })
  issues(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: IssuesQueryDto) {
    return this.imports.issues(principal, id, boundedInt(query.offset, 0, Number.MAX_SAFE_INTEGER), boundedInt(query.limit, 500, 5000));
  }

  @Get(':id/changes')
  @ApiOkResponse({ description: 'Every contract the import added, changed (with the fields that differ) or retired, a page at a time: {kind, total, offset, limit, items: [{council, reference, title, row, fields}]}' })
  changes(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: ChangesQueryDto) {
    const kind = (query.kind ?? 'changed') as 'added' | 'changed' | 'retired';
    return this.imports.changes(principal, id, kind, boundedInt(query.offset, 0, Number.MAX_SAFE_INTEGER), boundedInt(query.limit, 500, 5000));
  }
}
