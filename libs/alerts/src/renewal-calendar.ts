import { ICalCalendar } from 'ical-generator';
import { CalendarDate, toUkDate } from '@app/ingest';
import { AlertContract } from './alert-plan';

export interface CalendarOptions {
  councilCode: string;
  councilName: string;
  /** Where each contract is shown: its events link there. */
  contractUrl: (contractId: number) => string;
  /** Stable host part of event ids, so calendar apps update events rather than duplicate them. */
  domain: string;
}

const utcDate = (d: CalendarDate) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));

/**
 * A council's renewal calendar: each current contract's decision date and notice deadline as
 * all-day events, for Outlook or Google Calendar to subscribe to. Event ids depend on the
 * contract and the kind of date only, so a changed date moves the event instead of adding one.
 */
export function renewalCalendar(contracts: AlertContract[], o: CalendarOptions): string {
  const calendar = new ICalCalendar({ name: `Contract renewals: ${o.councilName}`, prodId: { company: 'Council contract register', product: 'renewals', language: 'EN' }, ttl: 6 * 3600 });
  const sorted = [...contracts].sort((a, b) => a.id - b.id);
  for (const c of sorted) {
    const name = `${c.title ?? 'Contract'}${c.reference ? ` (${c.reference})` : ''}`;
    const url = o.contractUrl(c.id);
    const key = c.reference ? `ref-${c.reference.replace(/[^A-Za-z0-9._-]/g, '_')}` : `id-${c.id}`;
    if (c.decisionDate) {
      calendar.createEvent({
        id: `decision-${o.councilCode}-${key}@${o.domain}`, start: utcDate(c.decisionDate), allDay: true, url,
        summary: `Decision date: ${name}`,
        description: `Start re-procuring by ${toUkDate(c.decisionDate)} for a new contract to be in place when this one ends on ${toUkDate(c.currentEndDate)} (${c.leadMonths} months: ${c.leadReason}).${c.supplier ? ` Supplier: ${c.supplier}.` : ''}\n${url}`,
      });
    }
    if (c.noticeDate) {
      calendar.createEvent({
        id: `notice-${o.councilCode}-${key}@${o.domain}`, start: utcDate(c.noticeDate), allDay: true, url,
        summary: `Notice deadline: ${name}`,
        description: `Last day to give notice before the contract ends on ${toUkDate(c.currentEndDate)}.${c.supplier ? ` Supplier: ${c.supplier}.` : ''}\n${url}`,
      });
    }
  }
  return calendar.toString();
}
