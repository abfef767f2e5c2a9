import { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_NOTICE_MONTHS, parseStages } from '@app/alerts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { parseUkDate, toUkDate } from '@app/ingest';
import { AlertRun, CouncilAlertSummary } from '@app/notifications';
import { AlertsRepository, AlertStatus, allCouncils, CouncilsRepository, oneCouncil } from '@app/persistence';
import { flag, ParsedArgs, UsageError } from '../args';
import { ProgressBar } from '../progress';

const STATUSES: AlertStatus[] = ['scheduled', 'pending', 'sent', 'failed', 'snoozed', 'in-hand', 'withdrawn', 'skipped'];
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

async function councilCode(app: INestApplicationContext, text: string, what: string): Promise<string> {
  const match = (await app.get(CouncilsRepository).directory()).resolve(text);
  if (match.kind !== 'found') throw new UsageError(`${what} "${text}" is not a single council the register knows (use a GSS code such as S12000047)`);
  return match.code;
}

function today(args: ParsedArgs): string {
  const raw = flag(args, 'today');
  if (!raw) return new Date().toISOString().slice(0, 10);
  const parsed = parseUkDate(raw);
  if (!parsed?.ok) throw new UsageError(`--today "${raw}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`);
  return parsed.value;
}

/**
 * `alerts [--council X] [--status S] [--json]`: the alerts and their deliveries.
 * `alerts settings <council> [--email a@x]… [--stages 18,12,6,3] [--notice-months 1|none] [--digest immediate|weekly] [--webhook URL|none] [--json]`
 * `alerts run [--today DD/MM/YYYY] [--council X] [--json]`: the daily run for that day, now, in this process.
 */
export async function alertsCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const sub = args.positional[1];
  if (sub === 'settings') return settingsCommand(app, args);
  if (sub === 'run') return runCommand(app, args);
  if (sub !== undefined) throw new UsageError(`alerts ${sub}: use "alerts", "alerts settings <council> …" or "alerts run"`);
  const councilFlag = flag(args, 'council');
  const scope = councilFlag ? oneCouncil(await councilCode(app, councilFlag, '--council')) : allCouncils;
  const status = flag(args, 'status') as AlertStatus | undefined;
  if (status && !STATUSES.includes(status)) throw new UsageError(`--status is one of ${STATUSES.join(', ')}`);
  const list = (await app.get(AlertsRepository).list(scope, { status })).map((a) => ({
    id: a.id, council: a.councilCode, contractId: a.contractId, reference: a.contractKey.startsWith('ref:') ? a.contractKey.slice(4) : null, stage: a.stage,
    dueDate: a.dueDate, targetDate: a.targetDate, status: a.status, snoozedUntil: a.snoozedUntil, note: a.note, sentAt: a.sentAt,
    deliveries: a.deliveries.map((d) => ({ channel: d.channel, recipient: d.recipient, status: d.status, attempts: d.attempts, lastError: d.lastError, sentAt: d.sentAt })),
  }));
  if (flag(args, 'json') === 'true') {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  for (const a of list) {
    const to = a.deliveries.map((d) => `${d.recipient} ${d.status}${d.lastError ? ` (${d.lastError})` : ''}`).join('; ');
    process.stdout.write(`${String(a.id).padStart(6)}  ${a.council}  ${(a.reference ?? `#${a.contractId}`).padEnd(16)} ${a.stage.padEnd(13)} due ${toUkDate(a.dueDate)} for ${toUkDate(a.targetDate)}  ${a.status}${to ? `  → ${to}` : ''}\n`);
  }
  process.stdout.write(`${list.length} alert${list.length === 1 ? '' : 's'}\n`);
  return 0;
}

async function settingsCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const which = args.positional[2];
  if (!which) throw new UsageError('alerts settings <council> [--email a@x]… [--stages 18,12,6,3] [--notice-months 1|none] [--digest immediate|weekly] [--webhook URL|none]');
  const council = await councilCode(app, which, 'council');
  const repo = app.get(AlertsRepository);
  const current = await repo.settings(council);
  const emails = args.flags.email?.flatMap((e) => e.split(/[,;\s]+/)).filter(Boolean).map((e) => e.toLowerCase());
  for (const e of emails ?? []) if (!EMAIL.test(e)) throw new UsageError(`--email "${e}" is not an e-mail address`);
  const rawStages = flag(args, 'stages');
  const stages = rawStages === undefined ? current.stages : parseStages(rawStages);
  if (!stages) throw new UsageError(`--stages "${rawStages}": give whole months from 1 to 60, e.g. 18,12,6,3`);
  const rawNotice = flag(args, 'notice-months');
  let noticeMonths = current.saved ? current.noticeMonths : DEFAULT_NOTICE_MONTHS;
  if (rawNotice !== undefined) {
    noticeMonths = rawNotice === 'none' ? null : Number(rawNotice);
    if (noticeMonths !== null && (!Number.isInteger(noticeMonths) || noticeMonths < 0 || noticeMonths > 24)) throw new UsageError('--notice-months is a whole number of months (0-24) or none');
  }
  const digest = flag(args, 'digest') ?? current.digest;
  if (digest !== 'immediate' && digest !== 'weekly') throw new UsageError('--digest is immediate or weekly');
  const rawHook = flag(args, 'webhook');
  let webhookUrl = current.webhookUrl;
  if (rawHook !== undefined) {
    webhookUrl = rawHook === 'none' ? null : rawHook;
    if (webhookUrl && !/^https?:\/\/[^\s]+$/.test(webhookUrl)) throw new UsageError(`--webhook "${rawHook}" is not an http(s) URL`);
  }
  const saved = await repo.saveSettings(council, { emails: emails ?? current.emails, stages, noticeMonths, digest, webhookUrl }, 'cli', new Date().toISOString());
  const config = app.get<AppConfig>(APP_CONFIG);
  const out = {
    council, emails: saved.emails, stages: saved.stages, noticeMonths: saved.noticeMonths, digest: saved.digest, webhookUrl: saved.webhookUrl,
    webhookSecret: saved.webhookSecret, calendarUrl: `${config.publicUrl}/api/councils/${council}/renewals.ics?token=${saved.calendarToken}`,
  };
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  else {
    process.stdout.write(`alert settings for ${council}: ${saved.emails.join(', ') || 'no addresses'}; reminders ${saved.stages.join(', ')} months before the decision date` +
      `${saved.noticeMonths !== null ? `, ${saved.noticeMonths} before the notice deadline` : ''}; ${saved.digest === 'weekly' ? 'weekly digest (Mondays)' : 'sent as they fall due'}` +
      `${saved.webhookUrl ? `; webhook ${saved.webhookUrl} (secret ${saved.webhookSecret})` : ''}\ncalendar feed: ${out.calendarUrl}\n`);
  }
  return 0;
}

async function runCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const day = today(args);
  const run = app.get(AlertRun);
  const councilFlag = flag(args, 'council');
  const councils = councilFlag ? [await councilCode(app, councilFlag, '--council')] : await run.councilsToVisit();
  const bar = new ProgressBar(`alerts ${toUkDate(day)}`, councils.length);
  const summaries: CouncilAlertSummary[] = [];
  for (const [i, council] of councils.entries()) {
    summaries.push(await run.runCouncil(council, day));
    bar.update(i + 1, council);
  }
  const total = summaries.reduce((t, s) => ({ due: t.due + s.due, sent: t.sent + s.sent, retrying: t.retrying + s.retrying, failed: t.failed + s.failed, undeliverable: t.undeliverable + s.undeliverable }),
    { due: 0, sent: 0, retrying: 0, failed: 0, undeliverable: 0 });
  bar.finish(`${total.sent} sent`);
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify({ today: day, councils: summaries, ...total }, null, 2)}\n`);
  else {
    process.stdout.write(`alert run for ${toUkDate(day)}: ${councils.length} councils, ${total.due} alerts fell due, ${total.sent} deliveries sent` +
      `${total.retrying ? `, ${total.retrying} failed and will be retried on the next run` : ''}${total.failed ? `, ${total.failed} failed for good` : ''}` +
      `${total.undeliverable ? `, ${total.undeliverable} wait for an address (npm run cli -- alerts settings <council> --email …)` : ''}\n`);
  }
  return 0;
}
