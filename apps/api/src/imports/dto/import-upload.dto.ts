import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANGE_KINDS, IMPORT_MODES } from '@app/persistence';

/** The rule when an upload does not say (kept in one place for the OpenAPI description, the upload page and the CLI's usage). */
export const MODE_RULE_TEXT =
  '"full": the file is the council\'s whole register; its contracts not in the file are retired (kept in the history, no longer current) and listed. ' +
  '"update": the file adds contracts and updates those with the same reference; nothing is retired. ' +
  'Not given: "full" only for one council\'s rows that do not look partial; a file of several councils, or with rows of other buyers, is an update; ' +
  'and a file that as a full register would retire more than half of the council\'s current contracts while holding fewer than half as many is an update (the report says so).';

export class ImportUploadDto {
  @ApiPropertyOptional({ description: 'GSS code or name of the council the register belongs to', example: 'S12000047' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  council?: string;

  @ApiPropertyOptional({ enum: IMPORT_MODES, description: MODE_RULE_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  mode?: string;
}

export class IssuesQueryDto {
  @IsOptional()
  @IsString()
  offset?: string;

  @IsOptional()
  @IsString()
  limit?: string;
}

export class ChangesQueryDto extends IssuesQueryDto {
  @ApiPropertyOptional({ enum: CHANGE_KINDS })
  @IsOptional()
  @IsIn(CHANGE_KINDS, { message: 'kind must be "added", "changed" or "retired"' })
  kind?: string;
}

