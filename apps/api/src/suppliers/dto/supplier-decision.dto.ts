import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../paging';

export class SupplierPairDto {
  @ApiPropertyOptional({ description: 'Canonical supplier id (GET /api/suppliers)' })
  @IsOptional() @IsInt() @Min(1)
  supplierA?: number;

  @ApiPropertyOptional({ description: 'Canonical supplier id' })
  @IsOptional() @IsInt() @Min(1)
  supplierB?: number;

  @ApiPropertyOptional({ description: 'A name as written in a register (e.g. from GET /api/suppliers/suggestions), instead of supplierA' })
  @IsOptional() @IsString() @MaxLength(500)
  nameA?: string;

  @ApiPropertyOptional({ description: 'A name as written, instead of supplierB' })
  @IsOptional() @IsString() @MaxLength(500)
  nameB?: string;

  @ApiProperty({ description: 'Why: recorded in the ledger with who and when', example: 'Same Companies House number (01628868)' })
  @IsString() @MinLength(3) @MaxLength(2000)
  reason!: string;
}

export class SupplierSplitDto {
  @ApiProperty({ description: 'The supplier a wrong merge put the names in' })
  @IsInt() @Min(1)
  supplierId!: number;

  @ApiProperty({ description: 'Names as written to take out of it (they stay together as a supplier of their own)', type: [String] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(500, { each: true })
  names!: string[];

  @ApiProperty()
  @IsString() @MinLength(3) @MaxLength(2000)
  reason!: string;
}

export class SupplierRenameDto {
  @ApiProperty({ example: 'Civica UK Limited' })
  @IsString() @MinLength(2) @MaxLength(300)
  name!: string;

  @ApiProperty()
  @IsString() @MinLength(3) @MaxLength(2000)
  reason!: string;
}

export class SupplierRelationshipDto {
  @ApiProperty({ enum: ['rename', 'alias', 'group', 'reseller'] })
  @IsIn(['rename', 'alias', 'group', 'reseller'])
  kind!: 'rename' | 'alias' | 'group' | 'reseller';

  @ApiProperty({ description: 'The name the fact is about (for a rename, the old name)' })
  @IsString() @MinLength(2) @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ description: 'Current legal name (rename, alias) or parent group (group)' })
  @IsOptional() @IsString() @MaxLength(300)
  target?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(10)
  companyNumber?: string;

  @ApiProperty({ description: 'Where the fact comes from', example: 'Companies House filing history, 2021' })
  @IsString() @MinLength(3) @MaxLength(1000)
  source!: string;
}

export class SuppliersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the canonical name or of any name as written' })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'GSS code or council name' })
  @IsOptional() @IsString() @MaxLength(200)
  council?: string;
}

/** The review queue and the ledger take only `limit` and `cursor`. */
export class SupplierPageQueryDto extends PageQueryDto {}
