import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ClassificationCorrectionDto {
  @ApiPropertyOptional({ description: 'Product (null or absent: none)', example: 'Open Revenues', nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  product?: string | null;

  @ApiPropertyOptional({ description: 'Service category (null or absent: none)', example: 'Revenues & Benefits', nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  serviceCategory?: string | null;

  @ApiProperty({ description: 'Why: shown as the classification reason', example: 'The title names the module, not the product' })
  @IsString() @MinLength(3) @MaxLength(2000)
  reason!: string;
}
