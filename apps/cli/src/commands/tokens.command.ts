import { INestApplicationContext } from '@nestjs/common';
import { CouncilsRepository, Role, TokensRepository } from '@app/persistence';
import { flag, ParsedArgs, UsageError } from '../args';

const ROLES: Role[] = ['admin', 'analyst', 'council'];

export async function tokensCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  if (args.positional[1] !== 'create') throw new UsageError('usage: npm run cli -- tokens create --role <admin|analyst|council> [--council <code|name>] [--name <label>]');
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
  const name = flag(args, 'name') ?? `${role}${council ? ` ${council}` : ''}`;
  const { token, entity } = await app.get(TokensRepository).create(role, council, name, new Date().toISOString());
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify({ id: entity.id, role, council, name, token })}\n`);
  else process.stdout.write(`${token}\n(shown once: store it now. role ${role}${council ? `, council ${council}` : ''}, name "${name}")\n`);
  return 0;
}
