import { ContractEntity } from '@app/persistence';

/** A contract as the API and `cli contracts --json` show it (pinned fields first). */
export function contractView(c: ContractEntity) {
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
}
