import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { inProcessApp, signedInAgent } from './support/app';

jest.setTimeout(180_000);

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const PASSWORD = 'correct horse battery staple';

interface Route { method: string; path: string }

/** Every route the application serves, read from its router: a route added tomorrow is checked tomorrow. */
function routesOf(app: INestApplication): Route[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  const out: Route[] = [];
  for (const layer of router.stack) {
    // A catch-all (unknown paths get the not-found page) is not a route of the application.
    if (!layer.route || layer.route.path.includes('*')) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: layer.route.path });
  }
  return out;
}

/** Routes open to anyone by design: they need a secret token in the link instead, or are the way in. */
const OPEN = [/^\/health$/, /^\/sign-in$/, /^\/invite\/:token$/, /^\/api\/docs/, /^\/api\/alerts\/:id\/(snooze|snooze\/confirm|in-hand)$/, /^\/api\/councils\/:code\/renewals\.ics$/];

describe('every route, read from the application: refused without sign-in, across councils and without the form token', () => {
  const stack = inProcessApp('ccr-routes-');
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = stack.app();
    const now = new Date().toISOString();
    const repo = app.get(TokensRepository);
    tokens.fife = (await repo.create('council', FIFE, 'fife', now)).token;
    tokens.angus = (await repo.create('council', ANGUS, 'angus', now)).token;
    const { user } = await app.get(UsersRepository).invite('lead@angus.gov.uk', 'council', ANGUS, 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
    const register = 'Contract Reference,Contract Title,Supplier,End Date,Annual Value\nFC-1,Payroll,Civica UK Ltd,31/03/2028,1000\n';
    ids.import = (await http().post('/api/imports').set({ Authorization: `Bearer ${tokens.fife}` }).attach('file', Buffer.from(register), 'fife.csv').expect(202)).body.id;
    await app.get(JobQueue).idle();
    ids.contract = String((await http().get('/api/contracts').set({ Authorization: `Bearer ${tokens.fife}` }).expect(200)).body.items[0].id);
  });

  /** A concrete URL for a route: Fife's ids and code (so another council's user must be refused). */
  const urlOf = (r: Route) => r.path.replace(':code', FIFE).replace(':token', 'not-a-token').replace(':format', 'csv')
    .replace(/^\/api\/imports\/:id|^\/imports\/:id/, (m) => m.replace(':id', ids.import)).replace(':id', r.path.startsWith('/api/contracts') || r.path.startsWith('/contracts') ? ids.contract : '1');

  const send = (agent: ReturnType<typeof request.agent> | ReturnType<typeof http>, r: Route, url: string) =>
    (agent as unknown as Record<string, (u: string) => request.Test>)[r.method.toLowerCase()](url);

  it('lists the routes it checks', () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/contracts/:id/history' });
    expect(routes).toContainEqual({ method: 'POST', path: '/suppliers/merge' });
  });

  it('refuses an anonymous caller on every route that is not open by design, and never answers with data or a 5xx', async () => {
    const seen: string[] = [];
    for (const r of routesOf(app)) {
      const url = urlOf(r);
      const res = await send(http(), r, url);
      const where = `${r.method} ${r.path}`;
      expect({ where, status: res.status < 500 }).toEqual({ where, status: true });
      if (OPEN.some((p) => p.test(r.path))) continue;
      seen.push(where);
      if (r.path.startsWith('/api/')) expect({ where, status: res.status }).toEqual({ where, status: 401 });
      else expect({ where, status: res.status, to: res.status === 303 ? String(res.headers.location).replace(/\?.*/, '') : null }).toEqual({ where, status: 303, to: '/sign-in' });
    }
    expect(seen.length).toBeGreaterThan(40);
  });

  it('refuses or filters another council\'s user on every route naming a council, contract or import (never its data)', async () => {
    const agent = await signedInAgent(app, 'lead@angus.gov.uk', PASSWORD);
    for (const r of routesOf(app)) {
      if (r.method !== 'GET' || !/:(code|id)/.test(r.path) || OPEN.some((p) => p.test(r.path))) continue;
      if (!/^\/(api\/)?(contracts|imports|councils)\//.test(r.path)) continue;
      const url = urlOf(r);
      const res = r.path.startsWith('/api/') ? await http().get(url).set({ Authorization: `Bearer ${tokens.angus}` }) : await agent.get(url);
      const where = `GET ${r.path}`;
      expect({ where, refused: [403, 404].includes(res.status) }).toEqual({ where, refused: true });
      expect(res.text).not.toMatch(/FC-1|Payroll/);
    }
  });

  it('refuses every page form posted without its CSRF token, changing nothing', async () => {
    const agent = await signedInAgent(app, 'lead@angus.gov.uk', PASSWORD);
    const before = (await http().get('/api/contracts').set({ Authorization: `Bearer ${tokens.fife}` })).body.total;
    for (const r of routesOf(app)) {
      if (r.method !== 'POST' || r.path.startsWith('/api/') || OPEN.some((p) => p.test(r.path))) continue;
      const res = await agent.post(urlOf(r)).type('form').send({ reason: 'no token', status: 'accepted' });
      const where = `POST ${r.path}`;
      expect({ where, status: res.status }).toEqual({ where, status: 403 });
    }
    expect((await http().get('/api/contracts').set({ Authorization: `Bearer ${tokens.fife}` })).body.total).toBe(before);
  });
});
