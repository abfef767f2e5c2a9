import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DATA_DIR } from './databases';
import { freePort } from './ports';

/**
 * The API in this process on a SQLite file of its own in a temporary folder, jobs in-process
 * (no Redis unless `env` sets REDIS_URL), quiet logs; `env` adds or overrides settings. Made before
 * the tests of the describe block that calls this and closed, with its folder and settings undone,
 * after them. With `listen`, it also listens on a free local port (for a browser), `base()` its address.
 */
export function inProcessApp(prefix: string, env: Record<string, string> = {}, options: { listen?: boolean } = {}): { app: () => INestApplication; dir: () => string; base: () => string } {
  let app: INestApplication | undefined;
  let dir = '';
  let base = '';
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const port = options.listen ? await freePort() : 0;
    if (options.listen) base = `http://127.0.0.1:${port}`;
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'register.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR, ...(base ? { PUBLIC_URL: base } : {}) });
    delete process.env.REDIS_URL;
    Object.assign(process.env, env);
    app = await createApiApp();
    if (options.listen) await app.listen(port, '127.0.0.1');
    else await app.init();
  });
  afterAll(async () => {
    await app?.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { app: () => app!, dir: () => dir, base: () => base };
}

/** A cookie-keeping client signed in to the pages as `email` (through the sign-in form and its double-submit token). */
export async function signedInAgent(app: INestApplication, email: string, password: string): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(app.getHttpServer());
  const form = await agent.get('/sign-in');
  await agent.post('/sign-in').type('form').send({ _csrf: formToken(form.text), email, password }).expect(303);
  return agent;
}

/** The CSRF token of the first form on a page. */
export function formToken(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}
