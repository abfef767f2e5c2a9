import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, CouncilScope, CouncilsRepository, oneCouncil, OpportunitiesRepository, OpportunitySummary, opportunitySummary, OpportunityView } from '@app/persistence';
import { AnalysisProgress, AnalysisStage, OpportunityAnalysis } from '@app/analysis';
import { parseUkDate, toUkDate } from '@app/ingest';
import { flag, ParsedArgs, UsageError } from '../args';
import { ProgressBar } from '../progress';

// Shares of the bar per stage: reading is most of a run, then finding, then storing.
const STAGES: [AnalysisStage, number, string][] = [
  ['classify', 4, 'classifying new contracts'], ['check', 2, 'checking what changed'], ['load', 50, 'reading contracts'], ['compute', 31, 'finding opportunities'],
  ['store', 13, 'storing findings'], ['done', 0, 'done'],
];

/** One bar for the whole run: each stage moves it by its share, the reading and the storing as they go. */
export function analysisProgress(bar: ProgressBar): AnalysisProgress {
  return (stage, done, total) => {
    let before = 0;
    for (const [name, share, words] of STAGES) {
      if (name !== stage) {
        before += share;
        continue;
      }
      const within = total > 0 ? Math.min(1, done / total) : 0;
      const counts = (stage === 'load' || stage === 'store') && total > 0 ? `: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}` : '';
      if (stage === 'done') bar.finish(words);
      else bar.update(Math.round(before + share * within), `${words}${counts}`);
      return;
    }
  };
}

/** "DD/MM/YYYY HH:MM" in UK time. */
function ukDateTime(iso: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * `analyse [--today DD/MM/YYYY|YYYY-MM-DD] [--force] [--json]`: runs the opportunity analysis now; when nothing it
 * reads changed since the last run, says so and recomputes nothing (unless --force).
 */
export async function analyseCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const raw = flag(args, 'today');
  let today: string | undefined;
  if (raw) {
    const parsed = parseUkDate(raw);
    if (!parsed?.ok) throw new UsageError(`--today "${raw}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`);
    today = parsed.value;
  }
  const summary = await app.get(OpportunityAnalysis).run('cli', today, analysisProgress(new ProgressBar('analysis', 100)), flag(args, 'force') === 'true');
  if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else if (summary.changes && !summary.changes.recomputed) {
    process.stdout.write(`nothing changed since ${summary.changes.since ? ukDateTime(summary.changes.since) : 'the last run'}: not recomputed (--force to recompute); ` +
      `${summary.contracts} current contracts, ${summary.collaborative} collaborative opportunities, ${summary.commonPlatforms} common platforms, ${summary.categories} category landscapes\n`);
  } else {
    const c = summary.changes;
    const why = !c ? '' : c.first ? ' (first run)' : c.global ? ' (settings, reference data or today changed: every council recomputed)'
      : ` (changed since ${c.since ? ukDateTime(c.since) : 'the last run'}: ${c.councils.length} council${c.councils.length === 1 ? '' : 's'}, ${c.councils.slice(0, 10).join(', ')}${c.councils.length > 10 ? ', …' : ''})`;
    process.stdout.write(`analysis for ${toUkDate(summary.today)}${why}: ${summary.contracts} current contracts, ${summary.collaborative} collaborative opportunities, ` +
      `${summary.commonPlatforms} common platforms, ${summary.categories} category landscapes` +
      `${summary.cut || summary.merged ? ` (${summary.cut ?? 0} below the thresholds left out, ${summary.merged ?? 0} merged into stronger ones)` : ''}` +
      `${summary.stored ? `; ${summary.stored.written} written, ${summary.stored.unchanged} unchanged, ${summary.stored.retired} no longer found` : ''}` +
      `${(summary.parts ?? 1) > 1 ? `; analysed in ${summary.parts} parts (ANALYSIS_PART_CONTRACTS)` : ''}\n`);
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
  // None: say why (no analysis yet, or what the last one found) and what to run.
  const why = total === 0 ? await whyNone(app.get(OpportunitiesRepository), Boolean(kind || councilFlag)) : null;
  if (flag(args, 'json') === 'true') {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    if (why) process.stderr.write(`${why}\n`);
    return 0;
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const o of list) {
    const decide = o.earliestDecisionDate ? `, decide by ${toUkDate(o.earliestDecisionDate)}${o.earliestDecisionDate < today ? ' (overdue: that date has passed)' : ''}` : '';
    process.stdout.write(`${o.id}  ${(o.score ?? 0).toFixed(1).padStart(5)}  ${o.label.slice(0, 60).padEnd(60)} ${o.councils.length} councils${decide}\n`);
    for (const p of o.plan) process.stdout.write(`      ${p.action}\n`);
  }
  process.stdout.write(`${list.length} opportunit${list.length === 1 ? 'y' : 'ies'}\n`);
  if (why) process.stdout.write(`${why}\n`);
  return 0;
}

async function whyNone(repo: OpportunitiesRepository, filtered: boolean): Promise<string> {
  const run = await repo.lastRun();
  if (!run) {
    return 'No analysis has run on this register yet: run "council-register analyse" (or "npm run -s cli -- analyse"); an upload through the pages or the API queues one.';
  }
  const contracts = Number(run.contracts).toLocaleString('en-GB');
  return `The analysis of ${ukDateTime(run.finished_at as string)} found none among ${contracts} current contracts${filtered ? ' for this council or kind' : ''}; `
    + 'run "council-register analyse" again after importing more registers.';
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
