import { addMonths, CalendarDate } from '@app/ingest';

/**
 * Months before a contract's decision date at which a council is reminded. Public procurement
 * needs 12-18 months before a decision (see libs/renewals DEFAULT_LEAD_TIMES), so the first
 * reminder comes a further 18 months ahead of the decision date itself.
 */
export const DEFAULT_STAGES: readonly number[] = [18, 12, 6, 3];

/** Months before a notice deadline at which the notice reminder is due (a reminder on the day is too late to act). */
export const DEFAULT_NOTICE_MONTHS = 1;

export interface StageSettings {
  /** Months before the decision date, e.g. [18, 12, 6, 3]. */
  stages: readonly number[];
  /** Months before the notice deadline; null turns the notice reminder off. */
  noticeMonths: number | null;
}

/** What alerting needs of a current contract (with its renewal dates worked out). */
export interface AlertContract {
  id: number;
  council: string;
  reference: string | null;
  title: string | null;
  supplier: string | null;
  annualValue: number | null;
  currentEndDate: CalendarDate | null;
  maxEndDate: CalendarDate | null;
  optionsRemaining: number;
  noticeDate: CalendarDate | null;
  decisionDate: CalendarDate | null;
  leadMonths: number;
  leadReason: string;
  /** A contract owner's address from the register, when it gives one. */
  owner: string | null;
}

export type Stage = `decision-${number}m` | 'notice';

export interface PlannedAlert {
  /** The contract across uploads: its council and reference (or its id when it has no reference). */
  contractKey: string;
  contractId: number;
  stage: Stage;
  /** The dates the alert is about; when they change, the alert is re-armed under a new version. */
  datesVersion: string;
  /** The day it becomes due. */
  dueDate: CalendarDate;
  /** The date it is about (the decision date or the notice deadline). */
  targetDate: CalendarDate;
  /** After this day there is no point sending it (the contract has ended, or notice can no longer be given). */
  expiresAfter: CalendarDate;
}

export function contractKey(c: Pick<AlertContract, 'id' | 'reference'>): string {
  return c.reference ? `ref:${c.reference}` : `id:${c.id}`;
}

/** The dates an alert depends on, as one readable string: "2027-03-31|2026-04-01|2026-12-31". */
export function datesVersion(c: Pick<AlertContract, 'currentEndDate' | 'decisionDate' | 'noticeDate'>): string {
  return `${c.currentEndDate ?? ''}|${c.decisionDate ?? ''}|${c.noticeDate ?? ''}`;
}

/**
 * Every alert a contract should have under these settings, due or not yet due. Example:
 * decision date 01/04/2026 and stages [18, 12, 6, 3] give alerts due 01/10/2024, 01/04/2025,
 * 01/10/2025 and 01/01/2026, each expiring after the contract's current end.
 */
export function plannedAlerts(c: AlertContract, settings: StageSettings): PlannedAlert[] {
  if (!c.currentEndDate) return [];
  const key = contractKey(c);
  const version = datesVersion(c);
  const out: PlannedAlert[] = [];
  if (c.decisionDate) {
    for (const months of [...new Set(settings.stages)].sort((a, b) => b - a)) {
      out.push({
        contractKey: key, contractId: c.id, stage: `decision-${months}m`, datesVersion: version,
        dueDate: addMonths(c.decisionDate, -months), targetDate: c.decisionDate, expiresAfter: c.currentEndDate,
      });
    }
  }
  if (c.noticeDate && settings.noticeMonths !== null) {
    out.push({
      contractKey: key, contractId: c.id, stage: 'notice', datesVersion: version,
      dueDate: addMonths(c.noticeDate, -settings.noticeMonths), targetDate: c.noticeDate, expiresAfter: c.noticeDate,
    });
  }
  return out;
}

export interface AlertState {
  stage: Stage;
  dueDate: CalendarDate;
  expiresAfter: CalendarDate;
  /** Only alerts still waiting are considered; sent, withdrawn or skipped ones are history. */
  waiting: boolean;
}

/**
 * Which of one contract's waiting alerts to send today, and which to skip. Of the decision
 * reminders that are due, only the latest is sent: a contract uploaded six months before its
 * decision date gets the 6-month reminder, not the 18- and 12-month ones as well. The notice
 * reminder is separate. Expired alerts are skipped.
 */
export function dueToday<A extends AlertState>(alerts: A[], today: CalendarDate): { send: A[]; skip: A[] } {
  const send: A[] = [];
  const skip: A[] = [];
  const due = alerts.filter((a) => a.waiting && a.dueDate <= today);
  for (const a of due) if (today > a.expiresAfter) skip.push(a);
  const live = due.filter((a) => today <= a.expiresAfter);
  const decisions = live.filter((a) => a.stage !== 'notice').sort((a, b) => (a.dueDate < b.dueDate ? 1 : a.dueDate > b.dueDate ? -1 : 0));
  if (decisions.length > 0) {
    send.push(decisions[0]);
    skip.push(...decisions.slice(1));
  }
  send.push(...live.filter((a) => a.stage === 'notice'));
  return { send, skip };
}

/** "18 months before the decision date", "1 month before the notice deadline". */
export function stageLabel(stage: Stage, noticeMonths: number | null = DEFAULT_NOTICE_MONTHS): string {
  if (stage === 'notice') return `${noticeMonths ?? 0} month${noticeMonths === 1 ? '' : 's'} before the notice deadline`;
  const months = Number(stage.slice('decision-'.length, -1));
  return `${months} month${months === 1 ? '' : 's'} before the decision date`;
}

/** Reads "18,12,6,3" (or "18 12 6 3"): whole months from 1 to 60, at least one. */
export function parseStages(raw: string): number[] | null {
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 12) return null;
  const months = parts.map(Number);
  if (months.some((m) => !Number.isInteger(m) || m < 1 || m > 60)) return null;
  return [...new Set(months)].sort((a, b) => b - a);
}
