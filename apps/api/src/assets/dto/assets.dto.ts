import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class AssetsQueryDto {
  @ApiPropertyOptional({ description: 'GSS code or council name' })
  @IsOptional() @IsString() @MaxLength(200)
  council?: string;
}

export class AssetUploadDto {
  @ApiPropertyOptional({ description: 'GSS code or council name (council tokens: their own)' })
  @IsOptional() @IsString() @MaxLength(200)
  council?: string;
}

export class AssetEditDto {
  @ApiProperty({ description: 'GSS code or council name' })
  @IsString() @MaxLength(200)
  council!: string;

  @ApiProperty({ description: 'The system, as the council names it (a product name for assets from contracts)', example: 'Uniform' })
  @IsString() @MinLength(1) @MaxLength(300)
  system!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  product?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  supplier?: string;

  @ApiPropertyOptional({ description: 'The service it supports' }) @IsOptional() @IsString() @MaxLength(300)
  serviceArea?: string;

  @ApiPropertyOptional({ enum: ['on-premises', 'hosted', 'saas', 'cloud'] })
  @IsOptional() @IsIn(['on-premises', 'hosted', 'saas', 'cloud'])
  hosting?: 'on-premises' | 'hosted' | 'saas' | 'cloud';

  @ApiPropertyOptional({ description: 'End of support (DD/MM/YYYY or YYYY-MM-DD)', example: '31/03/2028' })
  @IsOptional() @IsString() @MaxLength(40)
  endOfSupport?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;
}
