import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../paging';

export class ContractsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'GSS code or council name' })
  @IsOptional() @IsString() @MaxLength(200)
  council?: string;

  @ApiPropertyOptional({ description: 'Part of the supplier name as written' })
  @IsOptional() @IsString() @MaxLength(200)
  supplier?: string;

  @ApiPropertyOptional({ description: 'Canonical supplier id (every name it is written as)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  supplierId?: number;

  @ApiPropertyOptional({ description: 'Supplier group (the `supplierGroupId` of a contract): every supplier in the group, e.g. a parent company and its subsidiaries' })
  @IsOptional() @IsString() @MaxLength(200)
  supplierGroupId?: string;

  @ApiPropertyOptional({ description: 'Ends on or after this date (DD/MM/YYYY or YYYY-MM-DD)', example: '01/04/2027' })
  @IsOptional() @IsString() @MaxLength(40)
  endsFrom?: string;

  @ApiPropertyOptional({ description: 'Ends on or before this date (DD/MM/YYYY or YYYY-MM-DD)', example: '31/03/2028' })
  @IsOptional() @IsString() @MaxLength(40)
  endsTo?: string;

  @ApiPropertyOptional({ description: 'Catalogue product, e.g. "Mosaic" (any case; as stored with the contract)' })
  @IsOptional() @IsString() @MaxLength(200)
  product?: string;

  @ApiPropertyOptional({ description: 'Service category, e.g. "Revenues & Benefits" (any case; as stored with the contract)' })
  @IsOptional() @IsString() @MaxLength(200)
  serviceCategory?: string;

  @ApiPropertyOptional({ enum: ['council', 'endDate', 'decisionDate', 'supplier', 'annualValue'], description: 'Sort order (default council, then current end date); id breaks ties. Unknown dates, suppliers and values come last; annualValue is largest first' })
  @IsOptional() @IsIn(['council', 'endDate', 'decisionDate', 'supplier', 'annualValue'])
  sort?: 'council' | 'endDate' | 'decisionDate' | 'supplier' | 'annualValue';

  @ApiPropertyOptional({ default: 1, description: 'Page number, for clients that count in pages (prefer `cursor`: a page number shifts when rows are added)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500, description: 'Same as `limit`' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  pageSize?: number;
}
