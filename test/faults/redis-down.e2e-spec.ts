import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ImportsRepository, TokensRepository } from '@app/persistence';
import { BullmqJobQueue, JobQueue } from '@app/queue';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DATA_DIR } from '../support/databases';
import { freePort } from '../support/ports';
import { until } from '../support/workers';

jest.setTimeout(120_000);

// Redis away: health says so, uploads are kept and answered at once (never a hung request), and queued when Redis returns.
describe('the API with Redis unreachable, then back', () => {
  let app: INestApplication;
  let dir: string;
  let redis: ChildProcess | undefined;
  let port: number;
  let admin: string;
  const saved = { ...process.env };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-redis-down-'));
    port = await freePort();
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${path.join(dir, 'r.sqlite')}`, LOG_LEVEL: 'silent', DATA_DIR, REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: `down-${port}`, QUEUE_RETRY_MS: '300',
    });
    app = await createApiApp();
    await app.init();
    admin = (await app.get(TokensRepository).create('admin', null, 'admin', new Date().toISOString())).token;
  });

  afterAll(async () => {
    await app?.close();
    redis?.kill('SIGTERM');
    if (redis) await new Promise((r) => redis!.once('exit', r));
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers health and uploads at once while Redis is away, keeps the upload, and queues it when Redis is back', async () => {
    // A bound, not a speed: without it a hung request would only show as the test's own timeout.
    const health = await http().get('/health').timeout(15_000);
    expect(health.status).toBe(503);
    expect(health.body.checks.queue).toBe('down');

    const register = 'Contract Reference,Contract Title,Supplier,End Date,Annual Value\nFC-1,Payroll,Civica UK Ltd,31/03/2028,1000\n';
    const upload = await http().post('/api/imports').set({ Authorization: `Bearer ${admin}` }).field('council', 'S12000047').attach('file', Buffer.from(register), 'fife.csv').timeout(15_000);
    expect(upload.status).toBe(202);
    expect(upload.body).toMatchObject({ status: 'queued', message: expect.stringMatching(/kept.*queue is unreachable/) });
    expect(await app.get(ImportsRepository).readContent(upload.body.id)).not.toBeNull();
    const run = await http().post('/api/opportunities/run').set({ Authorization: `Bearer ${admin}` }).timeout(15_000);
    expect(run.status).toBe(503);
    expect(run.body).toMatchObject({ code: 'QUEUE_UNAVAILABLE' });

    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const queue = app.get(JobQueue) as BullmqJobQueue;
    await until('the kept upload to be queued once Redis is back', async () => Boolean(await queue.queue('imports').getJob(`import-${upload.body.id}`).catch(() => null)), 60_000);
    expect((await http().get('/health').timeout(15_000)).status).toBe(200);
  });
});
