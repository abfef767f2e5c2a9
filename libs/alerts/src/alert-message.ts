import { createHmac } from 'node:crypto';
import { CalendarDate, toUkDate } from '@app/ingest';
import { AlertContract, Stage, stageLabel } from './alert-plan';

/** An opportunity the contract belongs to, as the alert mentions it. */
export interface RelatedOpportunity {
  id: string;
  label: string;
  /** The other councils in it (names or codes). */
  otherCouncils: string[];
  windowFrom: CalendarDate;
  windowTo: CalendarDate;
  basis: 'product' | 'supplier-category' | 'category';
}

export interface AlertLinks {
  contract: string;
  snooze: string;
  inHand: string;
  opportunity: (id: string) => string;
}

export interface AlertFacts {
  alertId: string;
  stage: Stage;
  dueDate: CalendarDate;
  targetDate: CalendarDate;
  councilCode: string;
  councilName: string;
  contract: AlertContract;
  stages: readonly number[];
  noticeMonths: number | null;
  related: RelatedOpportunity[];
  links: AlertLinks;
  /** The day it is sent: a decision date already past is said so. */
  today: CalendarDate;
}

export interface RenderedAlert {
  subject: string;
  /** What is due and by when, in one line. */
  headline: string;
  /** Why: the dates and the rule, a sentence each. */
  reasons: string[];
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function describe(c: AlertContract): string {
  const name = c.title ?? 'Contract';
  return `${name}${c.reference ? ` (${c.reference})` : ''}${c.supplier ? `, ${c.supplier}` : ''}`;
}

function basisWords(o: RelatedOpportunity): string {
  return o.basis === 'product' ? 'the same product' : o.basis === 'supplier-category' ? 'the same supplier and category' : 'the same category';
}

/** "three other councils' contracts for the same product end within your window (…)". */
export function relatedSentence(o: RelatedOpportunity): string {
  const n = o.otherCouncils.length;
  const count = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][n] ?? String(n);
  const who = n === 1 ? "other council's contract" : "other councils' contracts";
  return `${count.charAt(0).toUpperCase()}${count.slice(1)} ${who} for ${basisWords(o)} can end within your window (${toUkDate(o.windowFrom)} to ${toUkDate(o.windowTo)}): ${o.otherCouncils.join(', ')}. A joint procurement is possible: ${o.label}.`;
}

/**
 * One alert, in words: what is due, by when, and why. Example subject: "Renewal decision due
 * by 01/04/2026: Revenues and Benefits (FC-0042), Civica UK Ltd — Fife Council".
 */
export function renderAlert(a: AlertFacts): RenderedAlert {
  const c = a.contract;
  const when = toUkDate(a.targetDate);
  const headline = a.stage === 'notice'
    ? `Notice deadline ${when}: give notice by then if ${a.councilName} will not continue this contract beyond ${toUkDate(c.currentEndDate)}.`
    : a.today > a.targetDate
      ? `The decision date ${when} has passed: start re-procuring now (or decide to extend); this contract ends on ${toUkDate(c.currentEndDate)}.`
      : `Decision due by ${when}: start re-procuring (or decide to extend) so that a contract is in place when this one ends on ${toUkDate(c.currentEndDate)}.`;
  const reasons: string[] = [];
  if (a.stage === 'notice') {
    reasons.push(`The notice deadline ${when} is the last day to give notice before the current end ${toUkDate(c.currentEndDate)}.`);
  } else {
    reasons.push(`The current end is ${toUkDate(c.currentEndDate)}; a procurement of this size needs ${c.leadMonths} months (${c.leadReason}), so the decision date is ${when}.`);
  }
  if (c.optionsRemaining > 0 && c.maxEndDate) reasons.push(`${c.optionsRemaining} extension option${c.optionsRemaining === 1 ? '' : 's'} remain${c.optionsRemaining === 1 ? 's' : ''}, up to ${toUkDate(c.maxEndDate)}.`);
  if (a.stage !== 'notice' && c.noticeDate) reasons.push(`The notice deadline is ${toUkDate(c.noticeDate)}.`);
  reasons.push(`This reminder is ${stageLabel(a.stage, a.noticeMonths)} (reminders at ${a.stages.join(', ')} months before the decision date${a.noticeMonths !== null ? `, and ${a.noticeMonths} month${a.noticeMonths === 1 ? '' : 's'} before the notice deadline` : ''}).`);
  const subject = `${a.stage === 'notice' ? 'Notice deadline' : a.today > a.targetDate ? 'Renewal decision overdue since' : 'Renewal decision due by'} ${when}: ${describe(c)} — ${a.councilName}`;
  const related = a.related.map((o) => ({ sentence: relatedSentence(o), link: a.links.opportunity(o.id) }));
  const text = [
    `${a.councilName} (${a.councilCode}): ${describe(c)}`,
    '',
    headline,
    '',
    'Why:',
    ...reasons.map((r) => `- ${r}`),
    ...(related.length > 0 ? ['', 'Buying together:', ...related.map((r) => `- ${r.sentence} ${r.link}`)] : []),
    '',
    `The contract: ${a.links.contract}`,
    `Snooze this reminder: ${a.links.snooze}`,
    `Mark the contract as in hand (no more reminders for these dates): ${a.links.inHand}`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; color: #0b0c0c">',
    `<p><strong>${escapeHtml(a.councilName)}</strong> (${escapeHtml(a.councilCode)}): ${escapeHtml(describe(c))}</p>`,
    `<h2 style="font-size: 19px">${escapeHtml(headline)}</h2>`,
    '<h3 style="font-size: 16px">Why</h3><ul>',
    ...reasons.map((r) => `<li>${escapeHtml(r)}</li>`),
    '</ul>',
    ...(related.length > 0 ? ['<h3 style="font-size: 16px">Buying together</h3><ul>', ...related.map((r) => `<li>${escapeHtml(r.sentence)} <a href="${escapeHtml(r.link)}">See the opportunity</a></li>`), '</ul>'] : []),
    `<p><a href="${escapeHtml(a.links.contract)}">The contract</a> · <a href="${escapeHtml(a.links.snooze)}">Snooze this reminder</a> · <a href="${escapeHtml(a.links.inHand)}">Mark the contract as in hand</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, headline, reasons, text, html };
}

/** A weekly digest: several alerts for one recipient in one message. */
export function renderDigest(councilName: string, weekOf: CalendarDate, alerts: RenderedAlert[]): { subject: string; text: string; html: string } {
  const subject = `${alerts.length} contract renewal reminder${alerts.length === 1 ? '' : 's'} for ${councilName}, week of ${toUkDate(weekOf)}`;
  const text = alerts.map((a, i) => `${i + 1}. ${a.subject}\n\n${a.text}`).join('\n----\n\n');
  const html = ['<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; color: #0b0c0c">', `<h1 style="font-size: 24px">${escapeHtml(subject)}</h1>`,
    ...alerts.map((a) => a.html.replace(/^<!doctype html><html lang="en"><body[^>]*>\n|\n<\/body><\/html>$/g, '') + '<hr>'), '</body></html>'].join('\n');
  return { subject, text, html };
}

/**
 * The signature a webhook receiver checks: HMAC-SHA256 over "<timestamp>.<body>" with the
 * council's webhook secret, sent as `X-Register-Signature: sha256=<hex>` beside
 * `X-Register-Timestamp` (so a captured request cannot be replayed later with a new time).
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
