import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OpportunitiesRepository, TokensRepository } from '@app/persistence';
import { InProcessJobQueue, JobQueue } from '@app/queue';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DATA_DIR } from '../support/databases';
import { until } from '../support/workers';

// Stopping the embedded app right after an upload: it does not wait out the analysis's debounce,
// and the next start runs the analysis the upload asked for.
describe('an analysis pending at shutdown', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-restart-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'restart.sqlite')}`, LOG_LEVEL: 'silent', DATA_DIR });
    delete process.env.REDIS_URL;
  });

  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(debounceMs: number): Promise<INestApplication> {
    process.env.ANALYSIS_DEBOUNCE_MS = String(debounceMs);
    const app = await createApiApp();
    await app.init();
    return app;
  }

  it('is dropped on close and run at the next start', async () => {
    // An hour of debounce: closing must not wait for it.
    let app = await start(3_600_000);
    const token = (await app.get(TokensRepository).create('admin', null, 'test', new Date().toISOString())).token;
    const register = fs.readFileSync(path.join(DATA_DIR, 'registers/fife-council-contracts-register.csv'));
    const upload = await request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${token}` }).field('council', 'S12000047').attach('file', register, 'fife.csv').expect(202);
    // The import runs; the analysis it asks for waits its hour.
    await until('the import to finish', async () =>
      (await request(app.getHttpServer()).get(`/api/imports/${upload.body.id}`).set({ Authorization: `Bearer ${token}` })).body.status === 'completed');
    const queue = app.get(JobQueue) as InProcessJobQueue;
    expect(queue.analysisRuns).toBe(0);
    await app.close();
    expect(queue.analysisRuns).toBe(0);

    app = await start(10);
    try {
      expect((await request(app.getHttpServer()).get(`/api/imports/${upload.body.id}`).set({ Authorization: `Bearer ${token}` }).expect(200)).body.status).toBe('completed');
      await app.get(JobQueue).idle();
      expect((app.get(JobQueue) as InProcessJobQueue).analysisRuns).toBe(1);
      const run = await app.get(OpportunitiesRepository).lastRun();
      expect(run?.trigger).toBe('start-up: imports since the last analysis');
    } finally {
      await app.close();
    }
    // A start with nothing imported since the last analysis queues nothing.
    app = await start(10);
    try {
      await app.get(JobQueue).idle();
      expect((app.get(JobQueue) as InProcessJobQueue).analysisRuns).toBe(0);
    } finally {
      await app.close();
    }
  });
});
