import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, CouncilsRepository, oneCouncil } from '@app/persistence';
import { AssetRegister } from '@app/analysis';
import { toUkDate } from '@app/ingest';
import { flag, ParsedArgs, UsageError } from '../args';

async function councilFlag(app: INestApplicationContext, args: ParsedArgs): Promise<string | null> {
  const given = flag(args, 'council');
  if (!given) return null;
  const match = (await app.get(CouncilsRepository).directory()).resolve(given);
  if (match.kind !== 'found') throw new UsageError(`--council "${given}" is not a single council the register knows`);
  return match.code;
}

/**
 * `assets [--council X] [--json]`: each council's systems and platforms.
 * `assets import <file> [--council X] [--json]`: reads an application list (systems with no contract in the register).
 */
export async function assetsCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const register = app.get(AssetRegister);
  const json = flag(args, 'json') === 'true';
  const council = await councilFlag(app, args);
  if (args.positional[1] === 'import') {
    const file = args.positional[2];
    if (!file || !fs.existsSync(file)) throw new UsageError('assets import needs an application list file: npm run cli -- assets import <file> [--council <code|name>]');
    const bytes = fs.readFileSync(file);
    const report = await register.importApplicationList({ name: path.basename(file), async *open() { yield bytes; } }, council, 'cli');
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(`${file}: ${report.rows} rows, ${report.stored} stored, ${report.rejected} rejected\n`);
      for (const i of report.issues) process.stdout.write(`  row ${i.row ?? '-'}${i.column ? `, ${i.column}` : ''}${i.value !== null ? ` "${i.value}"` : ''}: ${i.severity} ${i.code}: ${i.message}\n`);
    }
    return report.rejected > 0 && report.stored === 0 ? 1 : 0;
  }
  if (args.positional[1] !== undefined) throw new UsageError(`unknown assets command "${args.positional[1]}": use assets [--json] or assets import <file>`);
  const assets = await register.list(council ? oneCouncil(council) : allCouncils);
  if (json) {
    process.stdout.write(`${JSON.stringify(assets, null, 2)}\n`);
    return 0;
  }
  for (const a of assets) {
    process.stdout.write(`${a.council}  ${a.system.slice(0, 30).padEnd(30)} ${(a.serviceCategory ?? a.serviceArea ?? '').slice(0, 28).padEnd(28)} ${(a.hosting ?? '-').padEnd(11)} ${a.contracts.length} contract(s)${a.contractsEnd ? ` to ${toUkDate(a.contractsEnd)}` : ''}${a.endOfSupport ? `, support ends ${toUkDate(a.endOfSupport)}` : ''}\n`);
  }
  process.stdout.write(`${assets.length} asset(s)\n`);
  return 0;
}
