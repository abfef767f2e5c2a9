import { randomBytes } from 'node:crypto';
import { SharedRateLimitStorage } from '../apps/api/src/auth/shared-rate-limits';
import { apiProcess } from './support/api-process';
import { dropQueuePrefix, REDIS_URL } from './support/workers';

jest.setTimeout(180_000);

// Several API processes behind one address share their rate limits through Redis: a client cannot
// get N times its limit by being spread over N processes.
describe('rate limits shared by two API processes through Redis', () => {
  const prefix = `test-rate-${randomBytes(4).toString('hex')}`;
  const env = { REDIS_URL, QUEUE_PREFIX: prefix, API_RATE_LIMIT_PER_MINUTE: '100', API_ADDRESS_LIMIT_PER_MINUTE: '6' };
  const a = apiProcess('ccr-rate-a-', env);
  const b = apiProcess('ccr-rate-b-', env);

  afterAll(() => dropQueuePrefix(REDIS_URL, prefix));

  it('counts an address\'s requests to either process against one limit, then 429 with Retry-After at both', async () => {
    const status = async (base: string) => (await fetch(`${base}/api/councils`, { headers: { Authorization: `Bearer ccr_guess_${randomBytes(6).toString('hex')}` } })).status;
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) seen.push(await status(a().base), await status(b().base));
    // Six guesses, three at each: each process alone has seen three, under the limit of six.
    expect(seen).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await status(a().base)).toBe(429);
    const limited = await fetch(`${b().base}/api/councils`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${a().base}/health`)).status).toBe(200);
  });
});

describe('rate limits while Redis is unreachable', () => {
  it('are counted in the process instead: answered at once, neither refused nor waved through', async () => {
    const storage = new SharedRateLimitStorage('redis://127.0.0.1:9', 'test');
    try {
      const hits = [];
      for (let i = 0; i < 4; i++) hits.push(await storage.increment('k', 60_000, 3, 60_000, 'address'));
      expect(hits.map((h) => h.isBlocked)).toEqual([false, false, false, true]);
      expect(hits[3].timeToBlockExpire).toBeGreaterThan(0);
    } finally {
      await storage.onApplicationShutdown();
    }
  });
});
