import { Classifier, isItCategory } from '@app/classification';
import { DEFAULT_LEAD_TIMES, LeadTimes, renewalDates } from '@app/renewals';
import { ContractEntity } from '../entities/contract.entity';
import { SuppliersRepository } from '../suppliers/suppliers.repository';
import { ClassificationRepository } from './classification.repository';

/** A contract as the API and `cli contracts --json` show it: the pinned fields first, then the rest. */
export interface ContractRecord {
  council: string;
  reference: string | null;
  title: string | null;
  supplierName: string | null;
  startDate: string | null;
  endDate: string | null;
  durationMonths: number | null;
  extensionText: string | null;
  annualValue: number | null;
  totalValue: number | null;
  /** The register's own category, as written (pinned since the first release). */
  category: string | null;
  cpv: string | null;
  department: string | null;
  /** The canonical supplier (see GET /api/suppliers). */
  supplierId: number | null;
  supplier: string | null;
  /** The supplier's parent group or family (the supplier itself when it has none); null when no supplier. */
  supplierGroup: string | null;
  /** Stable key of the supplier group (`civica`), the level at which the analysis counts councils buying from the same supplier. */
  supplierGroupId: string | null;
  /** Where each value came from: 'given' in the register, 'derived' from the other over the term, 'estimated' (midpoint of a range). */
  annualValueSource: 'given' | 'derived' | 'estimated' | null;
  totalValueSource: 'given' | 'derived' | 'estimated' | null;
  /** A range the register gave instead of one figure. */
  valueLow: number | null;
  valueHigh: number | null;
  /** Other councils that are party to a joint contract (GSS codes). */
  jointCouncils: string[];
  product: string | null;
  /** The service category the register worked out (product, CPV code or keywords), or an analyst set. */
  serviceCategory: string | null;
  classificationReason: string | null;
  classificationCorrected: boolean;
  /** The register's own category folded to a key when it maps onto no service category (grouping by councils' own words). */
  councilCategory: string | null;
  /** True for an IT service category, false for 'Not IT', null when unclassified. */
  isIt: boolean | null;
  /** Renewal dates (libs/renewals): the end with no extension taken, after each option, with all of them. */
  currentEndDate: string | null;
  possibleEndDates: readonly string[];
  maxEndDate: string | null;
  optionsRemaining: number;
  rolling: boolean;
  noticeDate: string | null;
  /** When re-procurement must start for a new contract at the current end (lead time by value band). */
  decisionDate: string | null;
  leadMonths: number;
  leadReason: string;
  /** How surely the extension wording was read: high, low (kept for review) or none (no wording). */
  extensionConfidence: 'high' | 'low' | 'none';
  extensionNote: string;
  /**
   * The dates judged against today: `current` (the current end is ahead), `presumed-extended` (it
   * has passed and options remain, so the options are presumed taken in order until a council says
   * otherwise), `expired` (no option reaches today) or `unknown` (no end date).
   */
  renewalStatus: 'current' | 'presumed-extended' | 'expired' | 'unknown';
  presumedOptionsTaken: number;
  /** The end in force today (presumed where `renewalStatus` says so), the ends still possible after it, and the options left. */
  liveEndDate: string | null;
  livePossibleEndDates: readonly string[];
  liveOptionsRemaining: number;
  liveNoticeDate: string | null;
  /** The decision date that follows from the live end. */
  liveDecisionDate: string | null;
  id: number;
  description: string | null;
  companyNumber: string | null;
  noticePeriod: string | null;
  endDateDerived: boolean;
  hasWarnings: boolean;
  extras: Record<string, string>;
  importId: string;
  rowNumber: number;
  previousContractId: number | null;
}

/** A supplier group's name as a stable key: `"Civica Group"` → `"civica-group"`. */
export function supplierGroupKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'unnamed';
}

/**
 * Joins stored contracts with their canonical supplier, their classification and any analyst's
 * correction. Classification is worked out when read (a few microseconds a contract), so an
 * improved catalogue applies to every contract already stored, with no re-import.
 */
export class ContractReadModel {
  constructor(
    private readonly suppliers: SuppliersRepository,
    private readonly corrections: ClassificationRepository,
    private readonly classifier: Classifier,
    private readonly leadTimes: LeadTimes = DEFAULT_LEAD_TIMES,
    private readonly clock: () => string = () => new Date().toISOString(),
  ) {}

  /** `today` (YYYY-MM-DD) decides which ends are still ahead; the clock's day when not given. */
  async present(contracts: ContractEntity[], today: string = this.clock().slice(0, 10)): Promise<ContractRecord[]> {
    const suppliers = await this.suppliers.forNames(contracts.map((c) => c.supplierName).filter((n): n is string => n !== null));
    const corrections = await this.corrections.forCouncils(contracts.map((c) => c.councilCode));
    return contracts.map((c) => {
      const supplier = c.supplierName ? suppliers.get(c.supplierName) : undefined;
      const correction = c.reference ? corrections.get(`${c.councilCode}\u0000${c.reference}`) : undefined;
      const k = this.classifier.classify(c);
      const r = renewalDates(c, this.leadTimes, today);
      return {
        council: c.councilCode,
        reference: c.reference,
        title: c.title,
        supplierName: c.supplierName,
        startDate: c.startDate,
        endDate: c.endDate,
        durationMonths: c.durationMonths,
        extensionText: c.extensionText,
        annualValue: c.annualValue,
        totalValue: c.totalValue,
        category: c.category,
        cpv: c.cpv,
        department: c.department,
        supplierId: supplier?.id ?? null,
        supplier: supplier?.name ?? null,
        supplierGroup: supplier ? supplier.groupName ?? supplier.group ?? supplier.name : null,
        supplierGroupId: supplier ? supplier.groupId ?? supplierGroupKey(supplier.group ?? supplier.name) : null,
        annualValueSource: c.annualValueSource ?? (c.annualValue !== null ? 'given' : null),
        totalValueSource: c.totalValueSource ?? (c.totalValue !== null ? 'given' : null),
        valueLow: c.valueLow ?? null,
        valueHigh: c.valueHigh ?? null,
        jointCouncils: c.jointCouncils ? c.jointCouncils.split(' ') : [],
        product: correction ? correction.product : k.product,
        serviceCategory: correction ? correction.serviceCategory : k.serviceCategory,
        classificationReason: correction ? `corrected by ${correction.decidedBy} on ${correction.decidedAt.slice(0, 10)}: ${correction.reason}` : k.reason,
        classificationCorrected: Boolean(correction),
        councilCategory: correction ? null : k.councilCategory,
        isIt: isItCategory(correction ? correction.serviceCategory : k.serviceCategory),
        currentEndDate: r.currentEndDate,
        possibleEndDates: r.possibleEndDates,
        maxEndDate: r.maxEndDate,
        optionsRemaining: r.optionsRemaining,
        rolling: r.rolling,
        noticeDate: r.noticeDate,
        decisionDate: r.decisionDate,
        leadMonths: r.leadMonths,
        leadReason: r.leadReason,
        extensionConfidence: r.extensionConfidence,
        extensionNote: r.extensionNote,
        renewalStatus: r.status,
        presumedOptionsTaken: r.presumedOptionsTaken,
        liveEndDate: r.liveEndDate,
        livePossibleEndDates: r.livePossibleEndDates,
        liveOptionsRemaining: r.liveOptionsRemaining,
        liveNoticeDate: r.liveNoticeDate,
        liveDecisionDate: r.liveDecisionDate,
        id: c.id,
        description: c.description,
        companyNumber: c.companyNumber,
        noticePeriod: c.noticePeriod,
        endDateDerived: Boolean(c.endDateDerived),
        hasWarnings: Boolean(c.hasWarnings),
        extras: c.extras ? (JSON.parse(c.extras) as Record<string, string>) : {},
        importId: c.importId,
        rowNumber: c.rowNumber,
        previousContractId: c.previousContractId,
      };
    });
  }
}
