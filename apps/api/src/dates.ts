import { BadRequestException } from '@nestjs/common';
import { parseUkDate } from '@app/ingest';

/** A date a person typed in a query: day first (31/03/2027) or ISO (2027-03-31). */
export function queryDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = parseUkDate(value);
  if (!parsed || !parsed.ok) throw new BadRequestException(`${name}: "${value}" is not a date (use DD/MM/YYYY or YYYY-MM-DD)`);
  return parsed.value;
}
