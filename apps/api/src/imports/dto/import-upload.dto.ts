import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ImportUploadDto {
  @ApiPropertyOptional({ description: 'GSS code or name of the council the register belongs to', example: 'S12000047' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  council?: string;
}

export class IssuesQueryDto {
  @IsOptional()
  @IsString()
  offset?: string;

  @IsOptional()
  @IsString()
  limit?: string;
}
