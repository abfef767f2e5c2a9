import { randomUUID } from 'node:crypto';
import { AnalysisOptions, ContractFacts, CutRules, findingsOf, fitsOnePart, PartitionLimits } from '@app/opportunities';
import { collectGarbage } from './collect-garbage';
import {
  allCouncils, AnalysisInputs, AnalysisReader, Clock, ContractReadModel, ContractsRepository, CouncilsRepository, factsOf, InputChanges, nothingChanged,
  FindingsStore, planOfColumns, StoreCounts,
} from '@app/persistence';

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
  /** Parts the contracts were analysed in (1: all at once), each whole components of contracts that may share a finding. */
  parts?: number;
}

/** Analysis stages, in order: classify pending contracts, check what changed, read, find (rank and cut, platforms and landscapes: each part in turn), store. */
export type AnalysisStage = 'classify' | 'check' | 'load' | 'compute' | 'store' | 'done';

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
  /**
   * Contracts analysed at once at most (default 1,000,000): a larger register is analysed in parts,
   * each whole components of contracts that may share a finding, one part's contracts in memory at a
   * time. A component larger than this is a part of its own.
   */
  partContracts?: number;
}

export const DEFAULT_PART_CONTRACTS = 1_000_000;

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
    private readonly findings: FindingsStore,
    private readonly clock: Clock,
    private readonly windowMonths = 12,
    private readonly settings: AnalysisSettings = {},
  ) {}

  /**
   * `force`: compute even when nothing changed since the last computed run. `spreader`: a register
   * in more than one part has each part run as its own job (by any worker), this run waiting for
   * them and storing what they staged.
   */
  async run(trigger: string, today: string = this.clock().slice(0, 10), progress: AnalysisProgress = () => undefined, force = false, spreader?: PartSpreader): Promise<AnalysisSummary> {
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
      await this.findings.recordUnchangedRun({ trigger, today, startedAt, finishedAt: this.clock(), contracts });
      const counts = await this.findings.currentCounts();
      progress('done', contracts, contracts);
      return {
        today, contracts, collaborative: counts.collaborative, commonPlatforms: counts['common-platform'], categories: counts.fragmentation,
        stored: { written: 0, unchanged: 0, retired: 0 }, changes: { ...changes, recomputed: false },
      };
    }
    const run = { trigger, today, startedAt };
    const reader = this.settings.reader;
    const options = await this.optionsFor(today);
    const rules = this.settings.rules ?? DEFAULT_CUT_RULES;
    const recomputed = changes ? { changes: { ...changes, recomputed: true } } : {};
    let facts: ContractFacts[];
    if (reader) {
      const limits = { maxContracts: this.settings.partContracts ?? DEFAULT_PART_CONTRACTS, minParts: spreader?.minParts };
      const { columns, plan, contracts } = await this.readAndPlan(reader, today, limits, progress);
      if (plan && plan.sizes.length > 1) {
        const token = randomUUID();
        if (spreader) {
          // The parts read the register themselves: this run holds nothing while it waits.
          columns.length = 0;
          const jobs = plan.sizes.map((_, part): PartJob => ({ token, part, sizes: plan.sizes, limits, today, trigger }));
          progress('compute', 0, jobs.length);
          await spreader.spread(jobs, async () => {
            const done = await this.findings.stagedParts(token);
            progress('compute', done.length, jobs.length);
            return done;
          });
        } else {
          for (let part = 0; part < plan.sizes.length; part++) {
            progress('compute', part, plan.sizes.length);
            await this.stagePart(token, part, factsOf(columns, { partOf: plan.partOf, part }), options, rules);
          }
        }
        progress('store', plan.sizes.length, plan.sizes.length);
        const { findings: _f, cut, merged, kinds, ...stored } = await this.findings.commitStaged(token, { ...run, finishedAt: this.clock(), contracts }, fingerprints ?? undefined);
        progress('done', contracts, contracts);
        return {
          today, contracts, collaborative: kinds.collaborative, commonPlatforms: kinds['common-platform'], categories: kinds.fragmentation, cut, merged,
          stored, parts: plan.sizes.length, ...recomputed,
        };
      }
      facts = factsOf(columns);
      columns.length = 0;
    } else {
      facts = await factsThroughReadModel(this.contracts, this.readModel, today, (read) => progress('load', read, 0));
    }
    const contracts = facts.length;
    progress('compute', contracts, contracts);
    const found = findingsOf(facts, options, rules);
    // The contracts are not needed to store the findings: let them go before the bodies are written.
    facts.length = 0;
    collectGarbage();
    const findings = [...found.kept, ...found.platforms, ...found.categories];
    progress('store', 0, findings.length);
    const stored = await this.findings.replaceFindings(findings, { ...run, finishedAt: this.clock(), contracts }, fingerprints ?? undefined,
      (done) => progress('store', done, findings.length));
    progress('done', contracts, contracts);
    return {
      today, contracts, collaborative: found.kept.length, commonPlatforms: found.platforms.length, categories: found.categories.length, cut: found.cut, merged: found.merged,
      stored, parts: 1, ...recomputed,
    };
  }

  /**
   * One part of a run spread over workers (see PartSpreader): reads the register, makes the same
   * plan the run made (a register changed meanwhile gives other parts, and the part is refused),
   * and stages the part's findings. Run again, it replaces what it staged.
   */
  async runPart(job: PartJob, progress: AnalysisProgress = () => undefined): Promise<{ contracts: number }> {
    const reader = this.settings.reader;
    if (!reader) throw new Error('an analysis in parts needs the lean reader');
    const { columns, plan, contracts: read } = await this.readAndPlan(reader, job.today, job.limits, progress);
    if (!plan || plan.sizes.length !== job.sizes.length || plan.sizes.some((n, k) => n !== job.sizes[k])) {
      const now = plan ? plan.sizes.join(', ') : String(read);
      throw new RegisterChangedError(`the register changed while analysis ${job.token} ran (its parts hold ${now} contracts, not ${job.sizes.join(', ')}); the next analysis reads it as it is`);
    }
    const facts = factsOf(columns, { partOf: plan.partOf, part: job.part });
    columns.length = 0;
    progress('compute', facts.length, facts.length);
    const contracts = facts.length;
    await this.stagePart(job.token, job.part, facts, await this.optionsFor(job.today), this.settings.rules ?? DEFAULT_CUT_RULES);
    progress('done', contracts, contracts);
    return { contracts };
  }

  /** Every current contract as columns, how many, and the plan of parts over them (null: they fit in one part, and no plan is made). */
  private async readAndPlan(reader: AnalysisReader, today: string, limits: PartitionLimits, progress: AnalysisProgress) {
    const total = await reader.countCurrent();
    const columns = await reader.readColumns(today, (read) => progress('load', read, total));
    const contracts = columns.reduce((n, c) => n + c.length, 0);
    const plan = fitsOnePart(contracts, limits) ? null : planOfColumns(columns, limits);
    // What reading and planning left behind (a reader's spare buffers, the planner's tables) goes before any part's facts are made.
    collectGarbage();
    return { columns, plan, contracts };
  }

  /** A part's findings staged; its facts let go (emptied) first. */
  private async stagePart(token: string, part: number, facts: ContractFacts[], options: AnalysisOptions, rules: CutRules): Promise<void> {
    const found = findingsOf(facts, options, rules);
    facts.length = 0;
    collectGarbage();
    await this.findings.stageFindings(token, part, [...found.kept, ...found.platforms, ...found.categories], this.clock(), { cut: found.cut, merged: found.merged });
  }

  private async optionsFor(today: string): Promise<AnalysisOptions> {
    const councilNames = Object.fromEntries((await this.councils.all()).map((c) => [c.code, c.shortName]));
    return { today, windowMonths: this.windowMonths, councilNames };
  }
}

/** The register changed between the plan of a run in parts and one of its parts: the part cannot be made as planned. */
export class RegisterChangedError extends Error {}

/** One part of a run spread over workers. */
export interface PartJob {
  token: string;
  part: number;
  /** Contracts in each part, as the run planned them (a part's own plan must agree). */
  sizes: number[];
  limits: PartitionLimits;
  today: string;
  trigger: string;
}

/** Runs a run's parts as jobs any worker may take (see libs/queue). */
export interface PartSpreader {
  /** Parts to make at least, to share among the workers. */
  minParts: number;
  /**
   * Queues every part and resolves once `staged` lists them all; rejects when a part fails for good.
   * `staged` gives the parts staged whole so far.
   */
  spread(jobs: PartJob[], staged: () => Promise<number[]>): Promise<void>;
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
