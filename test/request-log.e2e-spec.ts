import { apiProcess } from './support/api-process';
import { until } from './support/workers';

// The built API as users run it, with its request log on: one short line per request, no headers.
describe('request log', () => {
  const api = apiProcess('ccr-log-', { LOG_LEVEL: 'info' });
  let base: string;
  let token: string;

  beforeAll(() => {
    ({ base } = api());
    token = api().token('analyst');
  });

  it('logs method, path, status, time and who asked, and never headers, cookies or the query', async () => {
    await fetch(`${base}/api/contracts?council=S12000047&secret=do-not-log`, { headers: { Authorization: `Bearer ${token}`, Cookie: 'ccr_session=abc', 'User-Agent': 'log-test' } });
    await fetch(`${base}/api/nothing-here`, { headers: { Authorization: `Bearer ${token}` } });
    const lines = await until('both requests logged', async () => {
      const found = api().stdout().split('\n').filter((l) => l.includes('"/api/contracts"') || l.includes('"/api/nothing-here"'));
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
