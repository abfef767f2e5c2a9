import { toUkDate } from '@app/ingest';
import type { ContractRecord } from '@app/persistence';

type Options = Pick<ContractRecord, 'rolling' | 'optionsRemaining' | 'possibleEndDates' | 'extensionConfidence' | 'extensionText'>;

/** A contract's extension options in words for the pages: how many are left and the end after each, or why not. */
export function extensionOptionsText(c: Options): string {
  if (c.rolling) return 'rolling (renews yearly)';
  if (c.optionsRemaining > 0) {
    if (c.possibleEndDates.length === 0) return `${c.optionsRemaining} (no end date to count them from)`;
    return `${c.optionsRemaining}: to ${c.possibleEndDates.map(toUkDate).join(', then ')}`;
  }
  return c.extensionConfidence === 'low' ? `not read: "${c.extensionText}"` : 'none';
}
