import { categoryLandscapes, collaborativeOpportunities, ContractFacts, CutRules, platformCommunities, rankAndCut } from '@app/opportunities';
import { allCouncils, ContractReadModel, Clock, ContractsRepository, CouncilsRepository, AnalysisReader, OpportunitiesRepository, StoreCounts } from '@app/persistence';

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
}

/** Where a run is: `read` contracts of `total` while loading, then each later stage once. */
export type AnalysisProgress = (stage: 'load' | 'compute' | 'store' | 'done', read: number, total: number) => void;

/** The thresholds a collaborative finding must meet; the defaults are the configuration's (see libs/config). */
export const DEFAULT_CUT_RULES: CutRules = { minCouncils: 2, minAnnualValue: 10_000 };

export interface AnalysisSettings {
  /** The lean reader (only the columns needed, no ORM objects); without it contracts are read through the read model. */
  reader?: AnalysisReader;
  rules?: CutRules;
  /** Classifies stored contracts not yet classified (rows stored before classification was stored) before the analysis reads. */
  stored?: { classifyPending(): Promise<number> };
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

  async run(trigger: string, today: string = this.clock().slice(0, 10), progress: AnalysisProgress = () => undefined): Promise<AnalysisSummary> {
    const startedAt = this.clock();
    await this.settings.stored?.classifyPending();
    const facts = await this.load(today, progress);
    progress('compute', facts.length, facts.length);
    const councilNames = Object.fromEntries((await this.councils.all()).map((c) => [c.code, c.shortName]));
    const found = collaborativeOpportunities(facts, { today, windowMonths: this.windowMonths, councilNames });
    const { kept, cut, merged } = rankAndCut(found, this.settings.rules ?? DEFAULT_CUT_RULES);
    const platforms = platformCommunities(facts);
    const categories = categoryLandscapes(facts);
    const contracts = facts.length;
    // The contracts are not needed to store the findings: let them go before the bodies are written.
    facts.length = 0;
    progress('store', contracts, contracts);
    const stored = await this.opportunities.replaceFindings([...kept, ...platforms, ...categories], { trigger, today, startedAt, finishedAt: this.clock(), contracts });
    progress('done', contracts, contracts);
    return { today, contracts, collaborative: kept.length, commonPlatforms: platforms.length, categories: categories.length, cut, merged, stored };
  }

  private async load(today: string, progress: AnalysisProgress): Promise<ContractFacts[]> {
    const reader = this.settings.reader;
    if (reader) {
      const total = await reader.countCurrent();
      return reader.readAllCouncils(today, (read) => progress('load', read, total));
    }
    const facts: ContractFacts[] = [];
    for (let after = 0; ;) {
      const page = await this.contracts.findCurrentAfter(allCouncils, after, 5000);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      for (const c of await this.readModel.present(page, today)) {
        facts.push({
          id: c.id, council: c.council, reference: c.reference, title: c.title, product: c.product, serviceCategory: c.serviceCategory,
          supplierId: c.supplierId, supplier: c.supplier ?? c.supplierName, supplierGroupId: c.supplierGroupId, supplierGroup: c.supplierGroup,
          councilCategory: c.councilCategory, jointCouncils: c.jointCouncils,
          annualValue: c.annualValue ?? bestAnnual(c), currentEndDate: c.liveEndDate, possibleEndDates: c.livePossibleEndDates, leadMonths: c.leadMonths,
          presumedOptionsTaken: c.presumedOptionsTaken,
        });
      }
      progress('load', facts.length, 0);
    }
    return facts;
  }
}
