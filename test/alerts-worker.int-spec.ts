import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatabaseConfig } from '@app/config';
import { allCouncils } from '@app/persistence';
import { BullmqJobQueue } from '@app/queue';
import { REPO_ROOT, TEST_DATABASES } from './support/databases';
import { startSmtp } from './support/mail-and-hooks';
import { importBytes, openStack, Stack } from './support/stack';
import { until, WORKER_MAIN } from './support/workers';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FIFE = 'S12000047';
const ANGUS = 'S12000041';

/** A register whose every contract has a renewal reminder due on 23/11/2026 (ends through 2027, £360,000 each). */
function register(prefix: string, count: number): string {
  const lines = ['Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Annual Value,Whole Life Value'];
  for (let i = 0; i < count; i++) {
    const month = 1 + (i % 12);
    const last = new Date(Date.UTC(2027, month, 0)).getUTCDate();
    lines.push(`${prefix}-${i},Service ${i},Supplier ${i} Ltd,01/${String(month === 12 ? 1 : month + 1).padStart(2, '0')}/${month === 12 ? 2025 : 2024},${last}/${String(month).padStart(2, '0')}/2027,"£120,000.00","£360,000.00"`);
  }
  return lines.join('\r\n');
}

describe.each(TEST_DATABASES)('alerts with BullMQ worker processes on $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;
  let queue: BullmqJobQueue;
  let prefix: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    prefix = `test-${randomBytes(4).toString('hex')}`;
    queue = new BullmqJobQueue(REDIS_URL, prefix);
    smtp = await startSmtp();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await queue.close();
    await smtp.close();
    await stack.close();
    await db.drop(config);
  });

  it('sends every alert exactly once though the worker is killed mid-run and two workers take over', async () => {
    await importBytes(stack, 'fife.csv', register('FC', 12), FIFE);
    await importBytes(stack, 'angus.csv', register('AC', 4), ANGUS);
    for (const council of [FIFE, ANGUS]) await stack.alerts.saveSettings(council, { emails: [`procurement@${council}.test`], stages: [18, 12, 6, 3], noticeMonths: 1, digest: 'immediate', webhookUrl: null }, 'test', '2026-11-22T09:00:00Z');

    const log = fs.openSync(path.join(REPO_ROOT, `var-alerts-${prefix}.log`), 'w');
    const env = {
      ...process.env, ...(config.type === 'sqlite' ? { DATABASE_URL: `sqlite:${config.path}` } : { DATABASE_URL: config.url, DATABASE_SCHEMA: config.schema }),
      REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, WORKER_STALLED_INTERVAL_MS: '1000', ALERT_CLAIM_LEASE_MS: '1500', ALERT_RETRY_BACKOFF_MS: '300', PUBLIC_URL: 'https://register.test',
    };
    const startWorker = () => {
      const child = spawn(process.execPath, [WORKER_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
      children.push(child);
      return child;
    };
    try {
      const first = startWorker();
      // The SMTP server kills the first worker while it is handing over its fifth message:
      // that delivery is claimed, not sent, and its job is left running in a dead process.
      let offered = 0;
      smtp.onMailFrom = async () => {
        offered++;
        if (offered === 5) {
          first.kill('SIGKILL');
          await new Promise((r) => first.once('exit', r));
          throw new Error('sender went away');
        }
        await new Promise((r) => setTimeout(r, 30));
      };
      await queue.enqueue('alerts-daily', { today: '2026-11-23' });
      await until('the first worker to be killed', async () => first.exitCode !== null || first.signalCode !== null);
      expect(smtp.mails.length).toBe(4);
      smtp.onMailFrom = null;

      // Two workers take over; between them each alert goes once.
      startWorker();
      startWorker();
      const sent = await until('every alert to be sent', async () => {
        const list = await stack.alerts.list(allCouncils, { status: 'sent' });
        return list.length === 16 && list;
      });
      expect(smtp.mails).toHaveLength(16);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(16);
      const references = smtp.mails.map((m) => /\((\w\w-\d+)\)/.exec(m.subject)![1]).sort();
      expect(references).toEqual([...Array.from({ length: 12 }, (_, i) => `FC-${i}`), ...Array.from({ length: 4 }, (_, i) => `AC-${i}`)].sort());
      // The delivery the dead worker held was sent by a successor after its claim lapsed, once.
      expect(sent.flatMap((a) => a.deliveries).every((d) => d.status === 'sent')).toBe(true);

      // The same day queued again (a second scheduler, a replay): nothing more is sent.
      await queue.enqueue('alerts-daily', { today: '2026-11-23' });
      // (The workers' own schedulers keep delayed jobs, so "idle" here is nothing waiting or running.)
      await new Promise((r) => setTimeout(r, 1000));
      await until('the replay to finish', async () => {
        const c = await queue.counts();
        return c.waiting + c.active === 0;
      });
      expect(smtp.mails).toHaveLength(16);
    } finally {
      fs.closeSync(log);
      if (!process.env.KEEP_WORKER_LOGS) fs.rmSync(path.join(REPO_ROOT, `var-alerts-${prefix}.log`), { force: true });
    }
  }, 150_000);
});
