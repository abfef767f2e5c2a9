import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../paging';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export const ALERT_STATUSES = ['scheduled', 'pending', 'sent', 'failed', 'snoozed', 'in-hand', 'withdrawn', 'skipped'] as const;

export class AlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'GSS code or council name (a council token sees its own council only)' }) @IsOptional() @IsString() @MaxLength(200)
  council?: string;

  @ApiPropertyOptional({ enum: ALERT_STATUSES }) @IsOptional() @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];
}

export class AlertSettingsDto {
  @ApiPropertyOptional({ description: 'Procurement lead addresses that receive every alert', type: [String] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsEmail({}, { each: true }) @MaxLength(254, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ description: 'Months before the decision date, e.g. [18, 12, 6, 3]', type: [Number] })
  @IsOptional() @IsArray() @ArrayMaxSize(12) @IsInt({ each: true }) @Min(1, { each: true }) @Max(60, { each: true })
  stages?: number[];

  @ApiPropertyOptional({ description: 'Months before the notice deadline for its reminder; null for none', nullable: true })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(0) @Max(24)
  noticeMonths?: number | null;

  @ApiPropertyOptional({ enum: ['immediate', 'weekly'], description: 'weekly: e-mails wait for one digest on Mondays' })
  @IsOptional() @IsIn(['immediate', 'weekly'])
  digest?: 'immediate' | 'weekly';

  @ApiPropertyOptional({ description: 'Webhook receiving signed JSON for each alert; null to stop', nullable: true })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true }) @MaxLength(2000)
  webhookUrl?: string | null;
}

export class SnoozeDto {
  @ApiPropertyOptional({ description: 'Until this day (DD/MM/YYYY or YYYY-MM-DD)' }) @IsOptional() @IsString() @MaxLength(40)
  until?: string;

  @ApiPropertyOptional({ description: 'Or for this many days (default 30)' }) @IsOptional() @IsInt() @Min(1) @Max(366)
  days?: number;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ description: 'What is in hand (e.g. "re-procurement started via Scotland Excel")' }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class RunAlertsDto {
  @ApiPropertyOptional({ description: 'Run for this day (DD/MM/YYYY or YYYY-MM-DD); default today' }) @IsOptional() @IsString() @MaxLength(40)
  today?: string;
}
