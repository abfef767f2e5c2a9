import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, CouncilsRepository, oneCouncil, OpportunitiesRepository, OpportunityAnalysis, opportunitySummary } from '@app/persistence';
import { parseUkDate, toUkDate } from '@app/ingest';
import { flag, ParsedArgs, UsageError } from '../args';
import { ProgressBar } from '../progress';

/** `analyse [--today DD/MM/YYYY|YYYY-MM-DD] [--json]`: runs the opportunity analysis now. */
export async function analyseCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const raw = flag(args, 'today');
  let today: string | undefined;
  if (raw) {
    const parsed = parseUkDate(raw);
    if (!parsed?.ok) throw new UsageError(`--today "${raw}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`);
    today = parsed.value;
  }
  const bar = new ProgressBar('analysis', 1);
  const summary = await app.get(OpportunityAnalysis).run('cli', today);
  bar.finish(`${summary.contracts.toLocaleString('en-GB')} contracts`);
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(`analysis for ${toUkDate(summary.today)}: ${summary.contracts} current contracts, ${summary.collaborative} collaborative opportunities, ` +
      `${summary.commonPlatforms} common platforms, ${summary.categories} category landscapes\n`);
  }
  return 0;
}

/** `opportunities [--council X] [--kind K] [--json]`: what the latest analysis found, by score. */
export async function opportunitiesCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const councilFlag = flag(args, 'council');
  let scope = allCouncils;
  if (councilFlag) {
    const match = (await app.get(CouncilsRepository).directory()).resolve(councilFlag);
    if (match.kind !== 'found') throw new UsageError(`--council "${councilFlag}" is not a single council the register knows`);
    scope = oneCouncil(match.code);
  }
  const kind = flag(args, 'kind');
  if (kind && !['collaborative', 'common-platform', 'fragmentation'].includes(kind)) throw new UsageError('--kind is collaborative, common-platform or fragmentation');
  const list = (await app.get(OpportunitiesRepository).list(scope, { kind: kind as 'collaborative' | undefined })).map(opportunitySummary)
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.id < b.id ? -1 : 1));
  if (flag(args, 'json') === 'true') {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  for (const o of list) {
    process.stdout.write(`${o.id}  ${(o.score ?? 0).toFixed(1).padStart(5)}  ${o.label.slice(0, 60).padEnd(60)} ${o.councils.length} councils${o.earliestDecisionDate ? `, decide by ${toUkDate(o.earliestDecisionDate)}` : ''}\n`);
    for (const p of o.plan) process.stdout.write(`      ${p.action}\n`);
  }
  process.stdout.write(`${list.length} opportunit${list.length === 1 ? 'y' : 'ies'}\n`);
  return 0;
}
