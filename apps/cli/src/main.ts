import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { ConfigError } from '@app/config';
import { parseArgs, ParsedArgs, UsageError } from './args';
import { CliModule } from './cli.module';
import { alertsCommand } from './commands/alerts.command';
import { assetsCommand } from './commands/assets.command';
import { contractsCommand } from './commands/contracts.command';
import { importCommand } from './commands/import.command';
import { analyseCommand, opportunitiesCommand } from './commands/opportunities.command';
import { suppliersCommand } from './commands/suppliers.command';
import { tokensCommand } from './commands/tokens.command';
import { usersCommand } from './commands/users.command';

const HELP = `Council contract register CLI

  npm run cli -- import <files…> [--council <code|name>] [--mode full|update] [--json] [--timings]
      --mode full: the file is the whole register (contracts not in it are retired and listed); update: add and
      update by reference, retire nothing; no --mode: full only for one council's rows that do not look partial
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
  npm run cli -- tokens create --role <admin|analyst|council> [--council <code|name>] [--name <label>] [--json]

Settings come from the environment (DATABASE_URL, …): see README.md.
`;

const COMMANDS: Record<string, (app: INestApplicationContext, args: ParsedArgs) => Promise<number>> = {
  import: importCommand,
  contracts: contractsCommand,
  tokens: tokensCommand,
  suppliers: suppliersCommand,
  assets: assetsCommand,
  analyse: analyseCommand,
  analyze: analyseCommand,
  opportunities: opportunitiesCommand,
  alerts: alertsCommand,
  users: usersCommand,
};

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = COMMANDS[args.positional[0] ?? ''];
  if (!command || args.flags.help) {
    process.stdout.write(HELP);
    return args.flags.help ? 0 : 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
  try {
    return await command(app, args);
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
  process.stderr.write(`${known ? '' : 'error: '}${(e as Error).message}\n`);
  exitAfterFlush(known ? 2 : 1);
});
