import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { INestApplicationContext } from '@nestjs/common';
import { AuditRepository, CouncilsRepository } from '@app/persistence';
import { flag, ParsedArgs } from './args';

/**
 * What each command that changes the register is called in the audit log (the same words as the
 * API's): by command, or by command and sub-command. Reads are not logged.
 */
const ACTIONS: Record<string, string | Record<string, string>> = {
  import: 'upload',
  demo: 'demo registers imported',
  analyse: 'analysis started',
  analyze: 'analysis started',
  tokens: { create: 'API token made', revoke: 'API token revoked' },
  users: { add: 'user invited', remove: 'user removed' },
  alerts: { settings: 'alert settings saved', run: 'alert run started' },
  suppliers: { refresh: 'suppliers worked out again' },
  assets: { import: 'application list imported' },
};

/** Who ran it: the command line and the account on the server that ran it. */
function actor(): string {
  try {
    return `the command line (${userInfo().username})`;
  } catch {
    return 'the command line';
  }
}

/**
 * Records a command that changes the register once it has run (whatever its exit code: an import of
 * several files can store some and refuse others). Files are named without their server folder;
 * a token's secret never appears in the arguments, so nothing needs removing.
 */
export async function auditCommand(app: INestApplicationContext, args: ParsedArgs, exitCode: number, at: string): Promise<void> {
  const [name, ...rest] = args.positional;
  const own = <T extends object>(table: T | undefined, key: string | undefined) => (table && key && Object.hasOwn(table, key) ? table[key as keyof T] : undefined);
  const named = own(ACTIONS, name);
  const action = typeof named === 'string' ? named : own(named, rest[0]);
  if (!action) return;
  // A sub-command's word ("create", "settings"…) is part of the action; what follows it is what it was done to.
  const operands = (typeof named === 'string' ? rest : rest.slice(1)).slice(0, 20);
  const files = name === 'import' || name === 'assets';
  const said = flag(args, 'council') ?? (name === 'alerts' ? operands[0] : undefined);
  const found = said ? (await app.get(CouncilsRepository).directory()).resolve(said) : null;
  const options = Object.fromEntries(Object.entries(args.flags).filter(([k]) => k !== 'json').map(([k, v]) => [k, v.slice(0, 20)]));
  await app.get(AuditRepository).record({
    at,
    actor: actor(),
    actorId: null,
    role: 'admin',
    council: found?.kind === 'found' ? found.code : null,
    action,
    target: (files ? operands.map((p) => basename(p)) : operands).join(', ').slice(0, 200) || null,
    detail: { command: args.positional.map((p, i) => (files && i > 0 ? basename(p) : p)).join(' ').slice(0, 500), options, exitCode },
  });
}
