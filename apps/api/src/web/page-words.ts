import { addMonths, toUkDate } from '@app/ingest';
import type { ContractRecord } from '@app/persistence';
import { uk } from './page-helpers';

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

export interface TimeTag {
  text: string;
  /** GOV.UK tag colour class. */
  classes: string;
  /** What it means, in words (the tag's title). */
  title: string;
}

type Timed = Pick<ContractRecord, 'renewalStatus' | 'decisionDate' | 'liveDecisionDate' | 'presumedOptionsTaken'>;

/**
 * Where a contract stands in time on `today`, as tags for every list: expired (its ends have all
 * passed), presumed extended (its register end has passed but options remain), overdue (the
 * decision date of the end in force has passed) or due soon (that decision is within
 * `dueSoonMonths`). Decisions are judged on the live end, the one in force today.
 */
export function timeTags(c: Timed, today: string, dueSoonMonths: number): TimeTag[] {
  if (c.renewalStatus === 'expired') return [{ text: 'expired', classes: 'govuk-tag--grey', title: 'every end, extension options included, has passed' }];
  const tags: TimeTag[] = [];
  if (c.renewalStatus === 'presumed-extended') tags.push(presumedTag(c.presumedOptionsTaken));
  const decision = decisionTag(c.liveDecisionDate ?? (c.renewalStatus === 'current' ? c.decisionDate : null), today, dueSoonMonths);
  if (decision) tags.push(decision);
  return tags;
}

/** A contract past its register end with options left: presumed extended by `options` until the council confirms. */
export function presumedTag(options: number): TimeTag {
  return {
    text: 'presumed extended', classes: 'govuk-tag--yellow',
    title: `the register's end has passed; ${options} extension option${options === 1 ? ' is' : 's are'} presumed taken until the council confirms`,
  };
}

/** "overdue" when the decision date has passed, "due soon" when it is within `dueSoonMonths`, else none. */
export function decisionTag(decision: string | null, today: string, dueSoonMonths: number): TimeTag | null {
  if (!decision) return null;
  if (decision < today) return { text: 'overdue', classes: 'govuk-tag--red', title: `the decision date, ${toUkDate(decision)}, has passed` };
  if (decision <= addMonths(today, dueSoonMonths)) return { text: 'due soon', classes: 'govuk-tag--orange', title: `the decision date, ${toUkDate(decision)}, is within ${dueSoonMonths} months` };
  return null;
}

/** Why a name as written joined its canonical supplier, in words (the suppliers page). */
const MATCH_RULE_WORDS: Record<string, string> = {
  'same-key': 'the same name once case, punctuation and "Ltd"/"Limited" are set aside',
  'company-number': 'the same Companies House number',
  'trading-name': 'a trading name of this supplier',
  'former-name': 'a former name of this supplier',
  'known-rename': 'a known rename or takeover',
  spacing: 'the same name spaced differently',
  typo: 'the same name with a typing slip',
  truncated: 'the same name cut short',
  'analyst-merge': 'merged by an analyst',
};

export function matchRuleWords(rule: string): string {
  return MATCH_RULE_WORDS[rule] ?? rule;
}

/** A contract's renewal dates in words for the lists and pages, with its time tags on `today`. */
export function contractDates(c: ContractRecord, today: string, dueSoonMonths: number) {
  return {
    currentEnd: uk(c.currentEndDate),
    options: extensionOptionsText(c),
    maxEnd: c.rolling ? 'none fixed' : uk(c.maxEndDate),
    notice: uk(c.noticeDate),
    decision: uk(c.decisionDate),
    why: c.decisionDate ? `${c.leadMonths} months before the new contract must start (${c.leadReason})` : '',
    tags: timeTags(c, today, dueSoonMonths),
  };
}
