import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATA_DIR } from './support/databases';
import { DIST_DIR, until } from './support/workers';
import { freePort } from './support/ports';

// The built API as users run it, with its request log on: one short line per request, no headers.
describe('request log', () => {
  let dir: string;
  let api: ChildProcess;
  let out = '';
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-log-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'log.sqlite')}`, DATA_DIR, PORT: String(port), LOG_LEVEL: 'info' };
    delete env.REDIS_URL;
    const made = spawnSync(process.execPath, [path.join(DIST_DIR, 'apps/cli/src/main.js'), 'tokens', 'create', '--role', 'analyst', '--name', 'Log test', '--json'], { env, encoding: 'utf8' });
    token = JSON.parse(made.stdout).token;
    api = spawn(process.execPath, [path.join(DIST_DIR, 'apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout!.on('data', (d) => (out += d));
    await until('the API to answer', async () => (await fetch(`${base}/health`).catch(() => null))?.ok);
  });

  afterAll(async () => {
    api?.kill('SIGTERM');
    await new Promise((r) => api?.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs method, path, status, time and who asked, and never headers, cookies or the query', async () => {
    await fetch(`${base}/api/contracts?council=S12000047&secret=do-not-log`, { headers: { Authorization: `Bearer ${token}`, Cookie: 'ccr_session=abc', 'User-Agent': 'log-test' } });
    await fetch(`${base}/api/nothing-here`, { headers: { Authorization: `Bearer ${token}` } });
    const lines = await until('both requests logged', async () => {
      const found = out.split('\n').filter((l) => l.includes('"/api/contracts"') || l.includes('"/api/nothing-here"'));
      return found.length >= 2 ? found : null;
    });
    const entry = JSON.parse(lines.find((l) => l.includes('"/api/contracts"'))!);
    expect(entry).toMatchObject({ msg: expect.stringMatching(/^GET \/api\/contracts 200 \d+ ms$/), req: { method: 'GET', path: '/api/contracts' }, res: { status: 200 }, ms: expect.any(Number), user: expect.any(String) });
    for (const l of lines) {
      expect(l).not.toMatch(/headers|authorization|cookie|user-agent|log-test|do-not-log|Bearer/i);
      expect(l.length).toBeLessThan(400);
    }
    expect(JSON.parse(lines.find((l) => l.includes('nothing-here'))!).res.status).toBe(404);
  });
});
