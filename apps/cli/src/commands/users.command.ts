import { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CouncilsRepository, Role, UsersRepository } from '@app/persistence';
import { flag, ParsedArgs, UsageError } from '../args';

const ROLES: Role[] = ['admin', 'analyst', 'council'];

/**
 * `users add <email> --role <admin|analyst|council> [--council <code|name>] [--json]`: invites someone to the pages
 * (prints a link to set a password, valid for 7 days); `users [--json]`; `users remove <email>`.
 */
export async function usersCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const repo = app.get(UsersRepository);
  const sub = args.positional[1];
  const json = flag(args, 'json') === 'true';
  if (sub === 'add') {
    const email = (args.positional[2] ?? '').trim().toLowerCase();
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) throw new UsageError('users add <email> --role <admin|analyst|council> [--council <code>]: give an e-mail address');
    const role = flag(args, 'role') as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError('--role is admin, analyst or council');
    let council: string | null = null;
    const councilFlag = flag(args, 'council');
    if (role === 'council') {
      if (!councilFlag) throw new UsageError('a council user needs --council <GSS code or name>');
      const match = (await app.get(CouncilsRepository).directory()).resolve(councilFlag);
      if (match.kind !== 'found') throw new UsageError(`--council "${councilFlag}" is not a single council the register knows`);
      council = match.code;
    } else if (councilFlag) throw new UsageError('--council is only for council users');
    const { user, inviteToken } = await repo.invite(email, role, council, 'cli', new Date().toISOString());
    const link = `${app.get<AppConfig>(APP_CONFIG).publicUrl}/invite/${inviteToken}`;
    if (json) process.stdout.write(`${JSON.stringify({ id: user.id, email: user.email, role: user.role, council: user.councilCode, inviteUrl: link }, null, 2)}\n`);
    else process.stdout.write(`${email} invited as ${role}${council ? ` for ${council}` : ''}. Send them this link to set a password (valid for 7 days):\n${link}\n`);
    return 0;
  }
  if (sub === 'remove') {
    const user = await repo.byEmail(args.positional[2] ?? '');
    if (!user) throw new UsageError(`no user ${args.positional[2] ?? ''}`);
    await repo.remove(user.id);
    process.stdout.write(`${user.email} removed; their sessions have ended\n`);
    return 0;
  }
  if (sub !== undefined) throw new UsageError('users [add <email> --role <role> [--council <code>] | remove <email>] [--json]');
  const list = (await repo.list()).map((u) => ({ id: u.id, email: u.email, role: u.role, council: u.councilCode, invited: u.invited, lastSignInAt: u.lastSignInAt }));
  if (json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  else for (const u of list) process.stdout.write(`${u.email.padEnd(40)} ${u.role.padEnd(8)} ${u.council ?? ''}${u.invited ? ' (invited)' : ''}\n`);
  return 0;
}
