import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../paging';

export class OpportunitiesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['collaborative', 'common-platform', 'fragmentation'] })
  @IsOptional() @IsIn(['collaborative', 'common-platform', 'fragmentation'])
  kind?: 'collaborative' | 'common-platform' | 'fragmentation';

  @ApiPropertyOptional({ description: 'Service category, e.g. "Revenues & Benefits"' }) @IsOptional() @IsString() @MaxLength(200)
  category?: string;

  @ApiPropertyOptional({ description: 'GSS code or council name: opportunities it takes part in' }) @IsOptional() @IsString() @MaxLength(200)
  council?: string;

  @ApiPropertyOptional({ description: 'Product, e.g. "Mosaic"' }) @IsOptional() @IsString() @MaxLength(200)
  product?: string;

  @ApiPropertyOptional({ description: 'Part of the supplier group\'s name, any case (e.g. "civica")' }) @IsOptional() @IsString() @MaxLength(200)
  supplier?: string;

  @ApiPropertyOptional({ description: 'Combined annual value (£) at least' }) @IsOptional() @Type(() => Number) @IsNumber() @Min(0)
  minValue?: number;

  @ApiPropertyOptional({ description: 'Earliest decision date on or after (DD/MM/YYYY or YYYY-MM-DD)' }) @IsOptional() @IsString() @MaxLength(40)
  decisionFrom?: string;

  @ApiPropertyOptional({ description: 'Earliest decision date on or before (DD/MM/YYYY or YYYY-MM-DD)' }) @IsOptional() @IsString() @MaxLength(40)
  decisionTo?: string;

  @ApiPropertyOptional({ enum: ['open', 'accepted', 'rejected', 'snoozed'] }) @IsOptional() @IsIn(['open', 'accepted', 'rejected', 'snoozed'])
  status?: 'open' | 'accepted' | 'rejected' | 'snoozed';
}

export class TriageDto {
  @ApiProperty({ enum: ['accepted', 'rejected', 'snoozed', 'open'] })
  @IsIn(['accepted', 'rejected', 'snoozed', 'open'])
  status!: 'accepted' | 'rejected' | 'snoozed' | 'open';

  @ApiProperty({ description: 'Why (required; a rejection stays while the membership is unchanged)' })
  @IsString() @MinLength(3) @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'For snoozed: until when (DD/MM/YYYY or YYYY-MM-DD)' }) @IsOptional() @IsString() @MaxLength(40)
  snoozedUntil?: string;
}

/** GET /api/opportunities/:id: its members a page at a time. */
export class OpportunityDetailQueryDto {
  @ApiPropertyOptional({ default: 200, maximum: 500, description: 'Member contracts in this response (contracts, plan, contractDetails)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the response before (opaque); absent for the first members' })
  @IsOptional() @IsString() @MaxLength(2000) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor: give the `next` value of the response before, unchanged' })
  cursor?: string;
}
