import { INestApplicationContext } from '@nestjs/common';
import { CouncilsRepository, DEFAULT_TOKEN_DAYS, Role, tokenExpiry, TokensRepository, tokenView } from '@app/persistence';
import { flag, ParsedArgs, UsageError } from '../args';

const ROLES: Role[] = ['admin', 'analyst', 'council'];
const USAGE = 'usage: npm run cli -- tokens [--json] | tokens create --role <admin|analyst|council> [--council <code|name>] [--name <label>] [--days N] [--json] | tokens revoke <id>';
const uk = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '–');

/** `tokens`: list them; `tokens create`: a new one, its secret shown once; `tokens revoke <id>`: stop one at once. */
export async function tokensCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const sub = args.positional[1];
  const json = flag(args, 'json') === 'true';
  const repo = app.get(TokensRepository);
  const now = new Date().toISOString();
  if (sub === undefined) {
    const all = (await repo.list()).map((t) => tokenView(t, now));
    if (json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    else for (const t of all) process.stdout.write(`${t.id}  ${t.status.padEnd(7)}  ${t.role.padEnd(7)}  ${(t.council ?? '').padEnd(9)}  expires ${uk(t.expiresAt)}  last used ${uk(t.lastUsedAt)}  "${t.name}"\n`);
    return 0;
  }
  if (sub === 'revoke') {
    const id = args.positional[2];
    if (!id) throw new UsageError('usage: npm run cli -- tokens revoke <id> (the id from "tokens")');
    if (!(await repo.revoke(id, now))) throw new UsageError(`no token ${id} that is not revoked already`);
    process.stdout.write(json ? `${JSON.stringify({ id, revoked: true })}\n` : `token ${id} revoked: every request with it is refused from now on\n`);
    return 0;
  }
  if (sub !== 'create') throw new UsageError(USAGE);
  const role = flag(args, 'role') as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const councilFlag = flag(args, 'council');
  let council: string | null = null;
  if (role === 'council') {
    if (!councilFlag) throw new UsageError('a council token needs --council <GSS code or name>');
    const match = (await app.get(CouncilsRepository).directory()).resolve(councilFlag);
    if (match.kind !== 'found') throw new UsageError(`--council "${councilFlag}" is not a single council the register knows`);
    council = match.code;
  } else if (councilFlag) throw new UsageError(`--council applies to council tokens only; ${role} tokens see every council`);
  const daysFlag = flag(args, 'days');
  const days = daysFlag === undefined ? DEFAULT_TOKEN_DAYS : Number(daysFlag);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError(`--days must be a whole number of days from 1 to 3650, not "${daysFlag}"`);
  const name = flag(args, 'name') ?? `${role}${council ? ` ${council}` : ''}`;
  const { token, entity } = await repo.create(role, council, name, now, tokenExpiry(now, days));
  if (json) process.stdout.write(`${JSON.stringify({ id: entity.id, role, council, name, token, expiresAt: entity.expiresAt })}\n`);
  else process.stdout.write(`${token}\n(shown once: store it now. role ${role}${council ? `, council ${council}` : ''}, name "${name}", works until ${uk(entity.expiresAt)}; "tokens revoke ${entity.id}" stops it)\n`);
  return 0;
}
