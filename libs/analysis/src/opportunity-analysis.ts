import { categoryLandscapes, collaborativeOpportunities, ContractFacts, CutRules, platformCommunities, rankAndCut } from '@app/opportunities';
import { collectGarbage } from './collect-garbage';
import { allCouncils, AnalysisInputs, AnalysisReader, Clock, ContractReadModel, ContractsRepository, CouncilsRepository, InputChanges, nothingChanged, OpportunitiesRepository, StoreCounts } from '@app/persistence';

export interface AnalysisSummary {
  today: string;
  contracts: number;
  collaborative: number;
  commonPlatforms: number;
  categories: number;
  /** Collaborative findings left out: below the councils or value threshold, or merged into a stronger one. */
  cut?: number;
  merged?: number;
  /** Findings written (new or changed), found again unchanged (not rewritten), and no longer found. */
  stored?: StoreCounts;
  /**
   * What changed since the last computed run (when inputs are fingerprinted): nothing (then nothing
   * was recomputed or written, and the counts are the stored findings'), the settings or reference
   * data, or these councils' contracts.
   */
  changes?: InputChanges & { recomputed: boolean };
}

/** Analysis stages, in order: classify pending contracts, check what changed, read, find, rank and cut, platforms and landscapes, store. */
export type AnalysisStage = 'classify' | 'check' | 'load' | 'compute' | 'rank' | 'landscapes' | 'store' | 'done';

/** Where a run is: `read` of `total` (contracts while loading, findings while storing), else the stage once as it starts. */
export type AnalysisProgress = (stage: AnalysisStage, read: number, total: number) => void;

/** Bump when the engine's results change for the same inputs, so the next run recomputes. */
const ENGINE_VERSION = 'opportunities-3';

/** The thresholds a collaborative finding must meet; the defaults are the configuration's (see libs/config). */
export const DEFAULT_CUT_RULES: CutRules = { minCouncils: 2, minAnnualValue: 10_000 };

export interface AnalysisSettings {
  /** The lean reader (only the columns needed, no ORM objects); without it contracts are read through the read model. */
  reader?: AnalysisReader;
  rules?: CutRules;
  /** Classifies stored contracts not yet classified (rows stored before classification was stored) before the analysis reads. */
  stored?: { classifyPending(): Promise<number>; reclassifyAll?(): Promise<number> };
  /** Fingerprints of the inputs: with them, a run whose inputs are as the last computed run left them recomputes and writes nothing. */
  inputs?: AnalysisInputs;
}

/** An annual value when the register gave only a whole-life one and no term to derive from: spread over the known term, else unknown (never zero). */
function bestAnnual(c: { totalValue: number | null; startDate: string | null; maxEndDate: string | null }): number | null {
  if (c.totalValue === null || !c.startDate || !c.maxEndDate) return null;
  const years = (Date.parse(c.maxEndDate) - Date.parse(c.startDate)) / (365.25 * 86_400_000);
  return years >= 0.5 ? Math.round((c.totalValue / years) * 100) / 100 : null;
}

/**
 * The opportunity analysis over every council's current contracts: classified and dated when
 * read, then grouped (libs/opportunities), ranked and cut, then stored with stable ids.
 * Idempotent: a second run over the same contracts stores the same findings (and writes none).
 */
export class OpportunityAnalysis {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly readModel: ContractReadModel,
    private readonly councils: CouncilsRepository,
    private readonly opportunities: OpportunitiesRepository,
    private readonly clock: Clock,
    private readonly windowMonths = 12,
    private readonly settings: AnalysisSettings = {},
  ) {}

  /** `force`: compute even when nothing changed since the last computed run. */
  async run(trigger: string, today: string = this.clock().slice(0, 10), progress: AnalysisProgress = () => undefined, force = false): Promise<AnalysisSummary> {
    const startedAt = this.clock();
    progress('classify', 0, 0);
    await this.settings.stored?.classifyPending();
    progress('check', 0, 0);
    const inputs = this.settings.inputs;
    const fingerprints = inputs
      ? await inputs.read({ engine: ENGINE_VERSION, today, windowMonths: this.windowMonths, rules: this.settings.rules ?? DEFAULT_CUT_RULES, reader: this.settings.reader?.settings() ?? 'read model' },
        this.settings.reader?.catalogueVersion)
      : null;
    const changes = inputs && fingerprints ? await inputs.changes(fingerprints) : null;
    // The reader takes the stored classification: made with other classification data, it is made again first.
    if (changes?.catalogue) {
      progress('classify', 0, 0);
      await this.settings.stored?.reclassifyAll?.();
    }
    if (changes && fingerprints && nothingChanged(changes) && !force) {
      const contracts = [...fingerprints.contracts.values()].reduce((a, b) => a + b, 0);
      await this.opportunities.recordUnchangedRun({ trigger, today, startedAt, finishedAt: this.clock(), contracts });
      const counts = await this.opportunities.currentCounts();
      progress('done', contracts, contracts);
      return {
        today, contracts, collaborative: counts.collaborative, commonPlatforms: counts['common-platform'], categories: counts.fragmentation,
        stored: { written: 0, unchanged: 0, retired: 0 }, changes: { ...changes, recomputed: false },
      };
    }
    const facts = await this.load(today, progress);
    progress('compute', facts.length, facts.length);
    const councilNames = Object.fromEntries((await this.councils.all()).map((c) => [c.code, c.shortName]));
    const found = collaborativeOpportunities(facts, { today, windowMonths: this.windowMonths, councilNames });
    progress('rank', facts.length, facts.length);
    const { kept, cut, merged } = rankAndCut(found, this.settings.rules ?? DEFAULT_CUT_RULES);
    progress('landscapes', facts.length, facts.length);
    const platforms = platformCommunities(facts);
    const categories = categoryLandscapes(facts);
    const contracts = facts.length;
    // The contracts are not needed to store the findings: let them go before the bodies are written.
    facts.length = 0;
    collectGarbage();
    const findings = [...kept, ...platforms, ...categories];
    progress('store', 0, findings.length);
    const stored = await this.opportunities.replaceFindings(findings, { trigger, today, startedAt, finishedAt: this.clock(), contracts }, fingerprints ?? undefined,
      (done) => progress('store', done, findings.length));
    progress('done', contracts, contracts);
    return {
      today, contracts, collaborative: kept.length, commonPlatforms: platforms.length, categories: categories.length, cut, merged, stored,
      ...(changes ? { changes: { ...changes, recomputed: true } } : {}),
    };
  }

  private async load(today: string, progress: AnalysisProgress): Promise<ContractFacts[]> {
    const reader = this.settings.reader;
    if (reader) {
      const total = await reader.countCurrent();
      return reader.readAllCouncils(today, (read) => progress('load', read, total));
    }
    return factsThroughReadModel(this.contracts, this.readModel, today, (read) => progress('load', read, 0));
  }
}

/**
 * Every council's current contracts as facts through the ORM and the contract read model, a page of
 * 5,000 at a time: the path before the lean reader, kept as the reference the reader must agree with.
 */
export async function factsThroughReadModel(contracts: ContractsRepository, readModel: ContractReadModel, today: string, progress: (read: number) => void = () => undefined): Promise<ContractFacts[]> {
  const facts: ContractFacts[] = [];
  for (let after = 0; ;) {
    const page = await contracts.findCurrentAfter(allCouncils, after, 5000);
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    for (const c of await readModel.present(page, today)) {
      facts.push({
        id: c.id, council: c.council, reference: c.reference, title: c.title, product: c.product, serviceCategory: c.serviceCategory,
        supplierId: c.supplierId, supplier: c.supplier ?? c.supplierName, supplierGroupId: c.supplierGroupId, supplierGroup: c.supplierGroup,
        councilCategory: c.councilCategory, jointCouncils: c.jointCouncils,
        annualValue: c.annualValue ?? bestAnnual(c), currentEndDate: c.liveEndDate, possibleEndDates: c.livePossibleEndDates, leadMonths: c.leadMonths,
        presumedOptionsTaken: c.presumedOptionsTaken,
      });
    }
    progress(facts.length);
  }
  return facts;
}
