import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { formToken, inProcessApp } from './support/app';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';

// Doors bounded before anything is read, client errors as client errors, and sign-in that does not tell which accounts exist.
describe('hardening of the HTTP doors (SQLite, in-process jobs)', () => {
  const stack = inProcessApp('ccr-hardening-', { UPLOAD_LIMIT_MB: '1', REQUEST_BODY_LIMIT_KB: '64' });
  let app: INestApplication;
  let admin: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = stack.app();
    const now = new Date().toISOString();
    admin = (await app.get(TokensRepository).create('admin', null, 'admin', now)).token;
    const { user } = await app.get(UsersRepository).invite('lead@fife.gov.uk', 'council', 'S12000047', 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
  });

  const twoMegabytes = Buffer.alloc(2 * 1024 * 1024, 'a');

  it('refuses an upload from someone not signed in before reading it: sign in first, not "too large"', async () => {
    // Over UPLOAD_LIMIT_MB: had the file been read first, the answer would be 413.
    const page = await http().post('/upload').attach('file', twoMegabytes, 'big.csv');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    const api = await http().post('/api/imports').attach('file', twoMegabytes, 'big.csv');
    expect(api.status).toBe(401);
    // Signed in, the same file is refused for its size.
    const signedIn = await http().post('/api/imports').set({ Authorization: `Bearer ${admin}` }).field('council', 'S12000047').attach('file', twoMegabytes, 'big.csv');
    expect(signedIn.status).toBe(413);
  });

  it('answers a JSON or form body over REQUEST_BODY_LIMIT_KB with 413 and a plain message, never a 500 or a stack', async () => {
    const big = { product: 'x'.repeat(100 * 1024), reason: 'too big' };
    const json = await http().put('/api/contracts/1/classification').set({ Authorization: `Bearer ${admin}` }).send(big);
    expect(json.status).toBe(413);
    expect(json.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/larger than this server accepts/) });
    expect(JSON.stringify(json.body)).not.toMatch(/at |node_modules|\.ts:|\.js:/);
    const form = await http().post('/sign-in').type('form').send({ email: 'x'.repeat(100 * 1024), password: 'y' });
    expect(form.status).toBe(413);
    expect(form.text).toMatch(/What you sent is too large/);
    const malformed = await http().post('/api/opportunities/run').set({ Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }).send('{"not json');
    expect(malformed.status).toBe(400);
  });

  it('sends security headers on every kind of response: JSON, errors, pages, health and the API docs', async () => {
    const paths = ['/health', '/api/contracts', '/api/contracts', '/api/no-such-route', '/sign-in', '/no-such-page', '/api/docs/'];
    const responses = [
      await http().get(paths[0]),
      await http().get(paths[1]).set({ Authorization: `Bearer ${admin}` }),
      await http().get(paths[2]),
      await http().get(paths[3]).set({ Authorization: `Bearer ${admin}` }),
      await http().get(paths[4]),
      await http().get(paths[5]),
      await http().get(paths[6]),
    ];
    for (const [i, r] of responses.entries()) {
      const where = `GET ${paths[i]} ${r.status}`;
      expect({ where, nosniff: r.headers['x-content-type-options'] }).toEqual({ where, nosniff: 'nosniff' });
      expect({ where, hsts: r.headers['strict-transport-security'] }).toEqual({ where, hsts: expect.stringMatching(/max-age=31536000/) });
      expect({ where, csp: r.headers['content-security-policy'] }).toEqual({ where, csp: expect.stringMatching(/frame-ancestors 'none'/) });
      expect({ where, frames: r.headers['x-frame-options'] }).toEqual({ where, frames: 'DENY' });
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
    // A page keeps its own policy: scripts only from this site, with the page's nonce.
    expect(responses[4].headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  });

  it('says the same after repeated failures whether or not the account exists', async () => {
    const attempt = async (email: string) => {
      const agent = request.agent(app.getHttpServer());
      const form = await agent.get('/sign-in');
      const res = await agent.post('/sign-in').type('form').send({ _csrf: formToken(form.text), email, password: 'not the password at all' });
      return /<a href="#email">([^<]+)<\/a>/.exec(res.text)?.[1] ?? res.text.slice(0, 200);
    };
    const messages: Record<string, string[]> = { real: [], unknown: [] };
    for (let i = 0; i < 6; i++) {
      messages.real.push(await attempt('lead@fife.gov.uk'));
      messages.unknown.push(await attempt('nobody@fife.gov.uk'));
    }
    expect(messages.real[0]).toBe('The e-mail address or password is not right');
    expect(messages.real[5]).toMatch(/^This account is locked after 5 failed sign-ins/);
    expect(messages.unknown).toEqual(messages.real);
  });
});

// Rate limits: per token (or address without one) and per address whatever tokens it sends; 429 with Retry-After.
describe('rate limits (SQLite)', () => {
  const stack = inProcessApp('ccr-rate-', { API_RATE_LIMIT_PER_MINUTE: '5', API_ADDRESS_LIMIT_PER_MINUTE: '12' });
  let app: INestApplication;
  let analyst: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = stack.app();
    analyst = (await app.get(TokensRepository).create('analyst', null, 'busy script', new Date().toISOString())).token;
  });

  it('answers 429 with Retry-After past a token\'s limit and past an address\'s, whatever tokens it guesses; /health is never limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await http().get('/api/councils').set({ Authorization: `Bearer ${analyst}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await http().get('/api/councils').set({ Authorization: `Bearer ${analyst}` });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/too many requests/);
    // Guessed tokens, each different: refused 401 until the address's limit, then 429.
    const guesses: number[] = [];
    for (let i = 0; i < 8; i++) guesses.push((await http().get('/api/councils').set({ Authorization: `Bearer ccr_guess_${i}` })).status);
    expect(guesses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(guesses.at(-1)).toBe(429);
    expect((await http().get('/health')).status).toBe(200);
  });
});
