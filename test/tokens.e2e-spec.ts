import { spawnSync } from 'node:child_process';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { CLI } from './support/cli';
import { REPO_ROOT } from './support/databases';
import { formToken, inProcessApp, signedInAgent } from './support/app';

jest.setTimeout(120_000);
const PASSWORD = 'correct horse battery staple';

// API tokens expire, and admins list and revoke them through the API, the CLI and the users page.
describe('API tokens: expiry, listing and revocation on every door', () => {
  const stack = inProcessApp('ccr-tokens-');
  let app: INestApplication;
  let admin: string;
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    app = stack.app();
    const now = new Date().toISOString();
    admin = (await app.get(TokensRepository).create('admin', null, 'seed admin', now)).token;
    const { user } = await app.get(UsersRepository).invite('admin@register.test', 'admin', null, 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
  });

  it('makes a token that works until it is revoked, lists tokens without their secrets, and refuses non-admins', async () => {
    const made = (await http().post('/api/tokens').set(as(admin)).send({ role: 'council', council: 'Fife', name: 'Fife uploads', days: 30 }).expect(201)).body;
    expect(made).toMatchObject({ role: 'council', council: 'S12000047', name: 'Fife uploads', status: 'active', token: expect.stringMatching(/^ccr_/) });
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
    await http().get('/api/contracts').set(as(made.token)).expect(200);
    const list = (await http().get('/api/tokens').set(as(admin)).expect(200)).body;
    expect(list.find((t: { id: string }) => t.id === made.id)).toMatchObject({ name: 'Fife uploads', status: 'active', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toMatch(/ccr_|token_hash|tokenHash/);
    await http().get('/api/tokens').set(as(made.token)).expect(403);
    await http().post('/api/tokens').set(as(admin)).send({ role: 'council', name: 'no council' }).expect(400);
    await http().delete(`/api/tokens/${made.id}`).set(as(admin)).expect(200);
    await http().get('/api/contracts').set(as(made.token)).expect(401);
    await http().delete(`/api/tokens/${made.id}`).set(as(admin)).expect(404);
    expect((await http().get('/api/tokens').set(as(admin))).body.find((t: { id: string }) => t.id === made.id).status).toBe('revoked');
  });

  it('refuses a token after it expires', async () => {
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const { token } = await app.get(TokensRepository).create('analyst', null, 'expired', new Date(Date.now() - 2 * 86_400_000).toISOString(), past);
    const res = await http().get('/api/contracts').set(as(token));
    expect(res.status).toBe(401);
    expect((await http().get('/api/tokens').set(as(admin))).body.find((t: { name: string }) => t.name === 'expired').status).toBe('expired');
  });

  it('lists, makes and revokes tokens from the CLI, and from the users page', async () => {
    const env = { ...process.env };
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    const made = JSON.parse(cli('tokens', 'create', '--role', 'analyst', '--name', 'nightly script', '--days', '7', '--json').stdout);
    expect(made).toMatchObject({ role: 'analyst', name: 'nightly script', token: expect.stringMatching(/^ccr_/), expiresAt: expect.any(String) });
    const listed = JSON.parse(cli('tokens', '--json').stdout);
    expect(listed.find((t: { id: string }) => t.id === made.id)).toMatchObject({ status: 'active' });
    expect(cli('tokens', 'create', '--role', 'analyst', '--days', '0').status).toBe(2);
    await http().get('/api/contracts').set(as(made.token)).expect(200);

    // The users page lists it and revokes it (with the form's token).
    const agent = await signedInAgent(app, 'admin@register.test', PASSWORD);
    const page = await agent.get('/users').expect(200);
    expect(page.text).toMatch(/nightly script/);
    await agent.post(`/users/tokens/${made.id}/revoke`).type('form').send({ _csrf: formToken(page.text) }).expect(303);
    await http().get('/api/contracts').set(as(made.token)).expect(401);
    expect(cli('tokens', 'revoke', made.id).status).toBe(2);
  });
});
