import { Classifier } from '@app/classification';
import { loadConfig } from '@app/config';
import { CollaborativeOpportunity, readsToCover } from '@app/opportunities';
import { allCouncils, AnalysisInputs, AnalysisReader, ClassificationRepository, ContractReadModel, ContractsRepository, CouncilsRepository, FindingsStore, openDatabase, OpportunitiesRepository, readCatalogue, SuppliersRepository, WriteGate } from '@app/persistence';
import { DEFAULT_CUT_RULES, OpportunityAnalysis } from '@app/analysis';

// One measured analysis in a process of its own (see analyse.bench.ts): `new` is the path the CLI
// and the worker run; `old` reads contracts as before issue 13 (ORM entities through the contract
// read model, a page of 5,000 at a time) and keeps every finding (no cut, no merge).

const TODAY = '2026-11-30';

export async function runAnalysisChild(mode: 'old' | 'new', db: string, root: string) {
  // A SQLite file's path, or a PostgreSQL URL.
  const config = loadConfig({ ...process.env, DATABASE_URL: db.startsWith('postgres') ? db : `sqlite:${db}` }, root, root);
  const dataSource = await openDatabase(config.database);
  const gate = new WriteGate();
  const catalogue = readCatalogue(config.dataDir);
  const classifier = () => new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy);
  const readModel = new ContractReadModel(new SuppliersRepository(dataSource, gate), new ClassificationRepository(dataSource, gate), classifier(), config.leadTimes);
  const findings = new FindingsStore(dataSource, gate);
  // As the app wires it: the lean reader and the inputs' fingerprints (a run with nothing changed recomputes nothing).
  const settings = mode === 'new'
    ? { reader: new AnalysisReader(dataSource, classifier(), config.leadTimes, undefined, { count: config.analysisReadThreads, catalogue }), rules: DEFAULT_CUT_RULES, inputs: new AnalysisInputs(dataSource),
      partContracts: config.analysisPartContracts }
    : { rules: { minCouncils: 2, minAnnualValue: 0, overlap: 2 } };
  const analysis = new OpportunityAnalysis(new ContractsRepository(dataSource), readModel, new CouncilsRepository(dataSource), findings, () => new Date().toISOString(), 12, settings);
  const stages: Record<string, number> = {};
  let stageStart = process.hrtime.bigint();
  let stage = 'start';
  const start = stageStart;
  // The largest resident memory seen in each stage (sampled at each progress report): where the peak is.
  const stageRss: Record<string, number> = {};
  // With BENCH_TRACE, the resident memory every 100 ms too (the peak can fall between progress reports).
  let traced = 0;
  const sampler = process.env.BENCH_TRACE ? setInterval(() => {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    if (rss > traced + 25) console.error(`${new Date().toISOString()} sample(${stage}) rss ${(traced = rss).toFixed(0)}`);
  }, 100) : null;
  const summary = await analysis.run('bench', TODAY, (now) => {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    stageRss[now] = Math.max(stageRss[now] ?? 0, Math.round(rss));
    if (process.env.BENCH_TRACE) console.error(`${new Date().toISOString()} ${now} ${Object.entries(process.memoryUsage()).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(" ")}`);
    if (now === stage) return;
    // A run in parts goes through compute for each part: each stage's time is summed.
    stages[stage] = (stages[stage] ?? 0) + Number(process.hrtime.bigint() - stageStart) / 1e9;
    stage = now;
    stageStart = process.hrtime.bigint();
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sampler) clearInterval(sampler);
  // Peak RSS of the analysis itself, before the coverage count below reads every finding back.
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const readsFor80 = await coverage(dataSource, new OpportunitiesRepository(dataSource, gate));
  await dataSource.destroy();
  return {
    seconds, peakMiB, contracts: summary.contracts, opportunities: summary.collaborative, readsFor80, stages, stored: mode === 'new' ? summary.stored ?? null : null,
    recomputed: summary.changes?.recomputed ?? true, changedCouncils: summary.changes?.councils.length ?? null, parts: summary.parts ?? 1, stageRss,
  };
}

/** Findings an analyst reads, strongest first, to see 80% of the annual value of the contracts they hold (stored values; unknown counts 0). */
async function coverage(dataSource: Awaited<ReturnType<typeof openDatabase>>, opportunities: OpportunitiesRepository): Promise<number> {
  const values = new Map<number, number>();
  for (const r of (await dataSource.query('SELECT id, annual_value FROM contracts WHERE is_current = true')) as { id: number | string; annual_value: number | string | null }[]) {
    values.set(Number(r.id), r.annual_value === null ? 0 : Number(r.annual_value));
  }
  const ranked: CollaborativeOpportunity[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await opportunities.page(allCouncils, { kind: 'collaborative' }, 200, cursor);
    for (const o of await opportunities.findManyById(allCouncils, page.items.map((i) => i.id))) ranked.push(o.detail as CollaborativeOpportunity);
    if (!page.next) break;
    cursor = page.next;
  }
  return readsToCover(ranked, (id) => values.get(id) ?? 0, 0.8);
}
