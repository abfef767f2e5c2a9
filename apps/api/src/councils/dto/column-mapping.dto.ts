import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class ColumnMappingDto {
  @ApiProperty({ description: 'Header text → field name (or null to keep the column as an extra attribute)', example: { 'Lot Name': 'category', 'Notes': null } })
  @IsObject()
  mapping: Record<string, string | null>;
}
