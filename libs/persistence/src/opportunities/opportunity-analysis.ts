import { categoryLandscapes, collaborativeOpportunities, ContractFacts, platformCommunities } from '@app/opportunities';
import { allCouncils } from '../council-scope';
import { ContractReadModel } from '../contracts/contract-read-model';
import { Clock } from '../importing/import-runner';
import { ContractsRepository } from '../repositories/contracts.repository';
import { CouncilsRepository } from '../repositories/councils.repository';
import { OpportunitiesRepository } from './opportunities.repository';

export interface AnalysisSummary {
  today: string;
  contracts: number;
  collaborative: number;
  commonPlatforms: number;
  categories: number;
}

/** An annual value when the register gave only a whole-life one and no term to derive from: spread over the known term, else unknown (never zero). */
function bestAnnual(c: { totalValue: number | null; startDate: string | null; maxEndDate: string | null }): number | null {
  if (c.totalValue === null || !c.startDate || !c.maxEndDate) return null;
  const years = (Date.parse(c.maxEndDate) - Date.parse(c.startDate)) / (365.25 * 86_400_000);
  return years >= 0.5 ? Math.round((c.totalValue / years) * 100) / 100 : null;
}

/**
 * The opportunity analysis over every council's current contracts: classified and dated when
 * read, then grouped (libs/opportunities), then stored with stable ids. Idempotent: a second
 * run over the same contracts stores the same findings.
 */
export class OpportunityAnalysis {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly readModel: ContractReadModel,
    private readonly councils: CouncilsRepository,
    private readonly opportunities: OpportunitiesRepository,
    private readonly clock: Clock,
    private readonly windowMonths = 12,
  ) {}

  async run(trigger: string, today: string = this.clock().slice(0, 10)): Promise<AnalysisSummary> {
    const startedAt = this.clock();
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
          // The ends still ahead: a contract past its end with options left is presumed extended; an expired one has none.
          annualValue: c.annualValue ?? bestAnnual(c), currentEndDate: c.liveEndDate, possibleEndDates: c.livePossibleEndDates, leadMonths: c.leadMonths,
          presumedOptionsTaken: c.presumedOptionsTaken,
        });
      }
    }
    const councilNames = Object.fromEntries((await this.councils.all()).map((c) => [c.code, c.shortName]));
    const collaborative = collaborativeOpportunities(facts, { today, windowMonths: this.windowMonths, councilNames });
    const platforms = platformCommunities(facts);
    const categories = categoryLandscapes(facts);
    await this.opportunities.replaceFindings([...collaborative, ...platforms, ...categories], { trigger, today, startedAt, finishedAt: this.clock(), contracts: facts.length });
    return { today, contracts: facts.length, collaborative: collaborative.length, commonPlatforms: platforms.length, categories: categories.length };
  }
}
