import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, CouncilScope, CouncilsRepository, oneCouncil, OpportunitiesRepository, OpportunitySummary, opportunitySummary, OpportunityView } from '@app/persistence';
import { OpportunityAnalysis } from '@app/analysis';
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
  // Loading is most of a run: the bar follows the contracts read, then names the stage it is in.
  let bar: ProgressBar | null = null;
  const summary = await app.get(OpportunityAnalysis).run('cli', today, (stage, read, total) => {
    bar ??= new ProgressBar('analysis', total || 1);
    const detail = stage === 'load' ? `reading contracts: ${read.toLocaleString('en-GB')}` : stage === 'compute' ? 'finding opportunities' : stage === 'store' ? 'storing' : 'done';
    bar.update(stage === 'load' ? read : total, detail);
  });
  (bar as ProgressBar | null)?.finish(`${summary.contracts.toLocaleString('en-GB')} contracts`);
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(`analysis for ${toUkDate(summary.today)}: ${summary.contracts} current contracts, ${summary.collaborative} collaborative opportunities, ` +
      `${summary.commonPlatforms} common platforms, ${summary.categories} category landscapes` +
      `${summary.cut || summary.merged ? ` (${summary.cut ?? 0} below the thresholds left out, ${summary.merged ?? 0} merged into stronger ones)` : ''}\n`);
  }
  return 0;
}

/**
 * Plan steps written without --limit or --all: every opportunity of a council-sized or regional
 * register (the evaluation set's ~2,500 contracts list a few thousand), but not the hundreds of
 * megabytes of a national one, whose opportunities each plan thousands of contracts.
 */
const DEFAULT_PLAN_STEPS = 50_000;

/** `opportunities [--council X] [--kind K] [--limit N | --all] [--json]`: what the latest analysis found, strongest first. */
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
  const limitFlag = flag(args, 'limit');
  const limit = limitFlag === undefined ? null : Number(limitFlag);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit is a whole number of opportunities, 1 or more');
  const all = flag(args, 'all') === 'true';
  const { list, total } = await strongest(app.get(OpportunitiesRepository), scope, kind as 'collaborative' | undefined, all ? null : limit, all || limit !== null ? Infinity : DEFAULT_PLAN_STEPS);
  if (list.length < total) {
    process.stderr.write(`the strongest ${list.length} of ${total} opportunities${limit === null ? ` (the first ${DEFAULT_PLAN_STEPS.toLocaleString('en-GB')} plan steps)` : ''}; --limit N or --all for more\n`);
  }
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

/** The strongest opportunities in full, page by page, until `limit` of them or `planSteps` plan steps (whole opportunities, at least one). */
async function strongest(repo: OpportunitiesRepository, scope: CouncilScope, kind: 'collaborative' | undefined, limit: number | null, planSteps: number) {
  const list: OpportunitySummary[] = [];
  let steps = 0;
  let total = 0;
  for (let cursor: string | undefined; ;) {
    const page = await repo.page(scope, { kind }, 500, cursor);
    total = page.total;
    for (const o of await repo.findManyById(scope, page.items.map((i) => i.id))) {
      if ((limit !== null && list.length >= limit) || (list.length > 0 && steps + planOf(o) > planSteps)) return { list, total };
      list.push(opportunitySummary(o));
      steps += planOf(o);
    }
    if (!page.next) return { list, total };
    cursor = page.next;
  }
}

const planOf = (o: OpportunityView) => (o.detail.kind === 'collaborative' ? o.detail.plan.length : 0);
