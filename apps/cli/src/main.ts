#!/usr/bin/env node
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig, loadEnvFile } from '@app/config';
import { databaseTrouble } from '@app/persistence';
import { auditCommand } from './audit';
import { checkFlags, closest, parseArgs, ParsedArgs, UsageError } from './args';
import { CliModule } from './cli.module';
import { alertsCommand } from './commands/alerts.command';
import { assetsCommand } from './commands/assets.command';
import { backupCommand, restoreCommand } from './commands/backup.command';
import { contractsCommand } from './commands/contracts.command';
import { demoCommand } from './commands/demo.command';
import { importCommand } from './commands/import.command';
import { analyseCommand, opportunitiesCommand } from './commands/opportunities.command';
import { suppliersCommand } from './commands/suppliers.command';
import { tokensCommand } from './commands/tokens.command';
import { usersCommand } from './commands/users.command';

const HELP = `Council contract register CLI

  npm run cli -- import <files…> [--council <code|name>] [--mode full|update] [--no-analyse] [--json] [--timings]
      --mode full: the file is the whole register (contracts not in it are retired and listed); update: add and
      update by reference, retire nothing; no --mode: full only for one council's rows that do not look partial
  npm run cli -- demo [--today DD/MM/YYYY] [--out <folder>] [--json]
      writes six councils' synthetic registers dated from today (labelled as such) into ./demo-registers,
      imports them and runs the analysis: a first look with opportunities still ahead
  npm run cli -- contracts [--council <code|name>] [--supplier <text>] [--ends-from DD/MM/YYYY] [--ends-to DD/MM/YYYY] [--json]
  npm run cli -- suppliers [--council <code|name>] [--json]      canonical suppliers and how registers write them
  npm run cli -- suppliers suggestions [--json]                  name pairs for an analyst to review
  npm run cli -- suppliers refresh                               work the suppliers out again
  npm run cli -- assets [--council <code|name>] [--json]         each council's systems and platforms
  npm run cli -- assets import <file> [--council <code|name>] [--json]   read an application list
  npm run cli -- analyse [--today DD/MM/YYYY] [--force] [--json]   run the opportunity analysis now (nothing recomputed if nothing changed, unless --force)
  npm run cli -- opportunities [--council <code|name>] [--kind collaborative|common-platform|fragmentation] [--limit N | --all] [--json]
  npm run cli -- alerts [--council <code|name>] [--status sent|pending|failed|snoozed|…] [--json]
  npm run cli -- alerts settings <council> [--email <address>]… [--stages 18,12,6,3] [--notice-months 1|none] [--digest immediate|weekly] [--webhook <url>|none] [--json]
  npm run cli -- alerts run [--today DD/MM/YYYY] [--council <code|name>] [--json]   the daily alert run for that day
  npm run cli -- users add <email> --role <admin|analyst|council> [--council <code|name>] [--json]   invite someone to the pages
  npm run cli -- users [--json] | users remove <email>
  npm run cli -- tokens create --role <admin|analyst|council> [--council <code|name>] [--name <label>] [--days N] [--json]
  npm run cli -- backup <file> [--json]                             a consistent copy of the SQLite database, while it runs
  npm run cli -- restore <file>                                     replace the SQLite database by a backup (stop the API and workers first)
  npm run cli -- tokens [--json] | tokens revoke <id>                   list API tokens (never their secrets); stop one at once

For scripts: npm run -s cli -- … --json (or council-register … --json after npm link): stdout is JSON alone.
Settings come from the environment or a .env file in the install folder (DATABASE_URL, …): see README.md.
`;

interface Command {
  run?: (app: INestApplicationContext, args: ParsedArgs) => Promise<number>;
  /** Runs without opening the application (and its database connection): backup and restore handle the file themselves. */
  standalone?: (config: AppConfig, args: ParsedArgs) => Promise<number>;
  /** The options it takes (its sub-commands share the list). */
  flags: readonly string[];
}

const analyse: Command = { run: analyseCommand, flags: ['today', 'force', 'json'] };
const COMMANDS: Record<string, Command> = {
  import: { run: importCommand, flags: ['council', 'mode', 'json', 'timings', 'no-analyse'] },
  demo: { run: demoCommand, flags: ['today', 'out', 'json'] },
  contracts: { run: contractsCommand, flags: ['council', 'supplier', 'ends-from', 'ends-to', 'json'] },
  tokens: { run: tokensCommand, flags: ['role', 'council', 'name', 'days', 'json'] },
  suppliers: { run: suppliersCommand, flags: ['council', 'json'] },
  assets: { run: assetsCommand, flags: ['council', 'json'] },
  analyse,
  analyze: analyse,
  opportunities: { run: opportunitiesCommand, flags: ['council', 'kind', 'limit', 'all', 'json'] },
  alerts: { run: alertsCommand, flags: ['council', 'status', 'today', 'email', 'stages', 'notice-months', 'digest', 'webhook', 'json'] },
  users: { run: usersCommand, flags: ['role', 'council', 'json'] },
  backup: { standalone: backupCommand, flags: ['json'] },
  restore: { standalone: restoreCommand, flags: [] },
};

async function main(argv: string[]): Promise<number> {
  loadEnvFile();
  const args = parseArgs(argv);
  const name = args.positional[0];
  const command = COMMANDS[name ?? ''];
  if (!name || (!command && args.flags.help)) {
    process.stdout.write(HELP);
    return args.flags.help ? 0 : 2;
  }
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    throw new UsageError(`unknown command "${name}"${guess ? `: did you mean "${guess}"?` : ''} (--help lists the commands)`);
  }
  if (args.flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  checkFlags(name, args, command.flags);
  if (command.standalone) return command.standalone(loadConfig(), args);
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
  try {
    const at = new Date().toISOString();
    const code = await command.run!(app, args);
    await auditCommand(app, args, code, at).catch((e: Error) => process.stderr.write(`warning: the change was made but could not be written to the audit log: ${databaseTrouble(e) ?? e.message}\n`));
    return code;
  } finally {
    await app.close();
  }
}

/** Exits once stdout and stderr have flushed: on a pipe, process.exit() would cut long JSON short. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exitAfterFlush, (e) => {
  const known = e instanceof UsageError || e instanceof ConfigError;
  const trouble = databaseTrouble(e);
  process.stderr.write(trouble ? `error: ${trouble} (${(e as Error).message})\n` : `${known ? '' : 'error: '}${(e as Error).message}\n`);
  exitAfterFlush(known ? 2 : 1);
});
