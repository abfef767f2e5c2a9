import { CalendarDate, toUkDate } from '@app/ingest';
import { decisionDateFor } from '@app/renewals';
import type { ContractFacts } from './collaborative';

// The words of a collaborative finding's plan and of its why lines about presumed extensions.

/** Plans repeat councils, ends and lead times: each decision date and each action's words are made once. */
export class PlanText {
  private readonly decisions = new Map<number, Map<CalendarDate, CalendarDate>>();
  private readonly actions = new Map<string, Map<number, Map<CalendarDate, string>>>();

  constructor(private readonly name: (code: string) => string) {}

  decision(end: CalendarDate, leadMonths: number): CalendarDate {
    let byEnd = this.decisions.get(leadMonths);
    if (!byEnd) this.decisions.set(leadMonths, (byEnd = new Map()));
    let d = byEnd.get(end);
    if (d === undefined) byEnd.set(end, (d = decisionDateFor(end, leadMonths)));
    return d;
  }

  action(council: string, optionsTaken: number, end: CalendarDate): string {
    let byOptions = this.actions.get(council);
    if (!byOptions) this.actions.set(council, (byOptions = new Map()));
    let byEnd = byOptions.get(optionsTaken);
    if (!byEnd) byOptions.set(optionsTaken, (byEnd = new Map()));
    let a = byEnd.get(end);
    if (a === undefined) {
      const who = this.name(council);
      a = optionsTaken === 0
        ? `${who}: end as planned on ${toUkDate(end)}`
        : `${who}: take ${optionsTaken === 1 ? 'the next extension option' : `${optionsTaken} extension options`} to ${toUkDate(end)}`;
      byEnd.set(end, a);
    }
    return a;
  }
}

/** Contracts presumed already extended that a finding names one by one; beyond, one line per council. */
const PRESUMED_NAMED = 5;
/** References a council's line gives as examples. */
const PRESUMED_EXAMPLES = 3;

/**
 * Why lines for a finding's members presumed already extended (in council order): each by name
 * while there are few; else one line per council with the count, the options in all and a few
 * references (every contract's presumption is in its plan step).
 */
export function presumedLines(presumed: ContractFacts[], name: (code: string) => string): string[] {
  const ref = (c: ContractFacts) => c.reference ?? `contract ${c.id}`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (presumed.length <= PRESUMED_NAMED) {
    return presumed.map((c) => `${name(c.council)}'s ${ref(c)} is presumed already extended (${plural(c.presumedOptionsTaken!, 'option')} taken: the register's end has passed); the council should confirm`);
  }
  const byCouncil = new Map<string, ContractFacts[]>();
  for (const c of presumed) {
    const list = byCouncil.get(c.council);
    if (list) list.push(c);
    else byCouncil.set(c.council, [c]);
  }
  return [...byCouncil].map(([council, list]) => {
    const options = list.reduce((n, c) => n + c.presumedOptionsTaken!, 0);
    const examples = list.slice(0, PRESUMED_EXAMPLES).map(ref).join(', ');
    return list.length === 1
      ? `${name(council)}'s ${examples} is presumed already extended (${plural(options, 'option')} taken: the register's end has passed); the council should confirm`
      : `${name(council)}: ${list.length} contracts are presumed already extended (${plural(options, 'option')} taken in all: the register's end has passed), e.g. ${examples}; the council should confirm`;
  });
}
