import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ enum: ['admin', 'analyst', 'council'] })
  @IsIn(['admin', 'analyst', 'council'])
  role: 'admin' | 'analyst' | 'council';

  @ApiPropertyOptional({ description: 'GSS code or name: required for a council token, refused for others' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  council?: string;

  @ApiProperty({ description: 'A label saying who or what uses it (shown in lists and in who imported what)' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'Days it works for (default 365, at most 3,650)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;
}
