import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, ContractReadModel, ContractsRepository, CouncilsRepository, oneCouncil } from '@app/persistence';
import { parseUkDate, toUkDate } from '@app/ingest';
import { flag, ParsedArgs, UsageError } from '../args';

function dateFlag(args: ParsedArgs, name: string): string | undefined {
  const raw = flag(args, name);
  if (!raw) return undefined;
  const parsed = parseUkDate(raw);
  if (!parsed || !parsed.ok) throw new UsageError(`--${name} "${raw}" is not a date (DD/MM/YYYY)`);
  return parsed.value;
}

export async function contractsCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const councilFlag = flag(args, 'council');
  let scope = allCouncils;
  if (councilFlag) {
    const match = (await app.get(CouncilsRepository).directory()).resolve(councilFlag);
    if (match.kind !== 'found') throw new UsageError(`--council "${councilFlag}" is not a single council the register knows`);
    scope = oneCouncil(match.code);
  }
  const rows = await app.get(ContractsRepository).findAll(scope, { supplier: flag(args, 'supplier'), endsFrom: dateFlag(args, 'ends-from'), endsTo: dateFlag(args, 'ends-to') });
  // The pinned fields first (issue 2), then the canonical supplier and classification (issue 3), then renewal dates (issue 4).
  const out = (await app.get(ContractReadModel).present(rows)).map((c) => ({
    council: c.council, reference: c.reference, title: c.title, supplierName: c.supplierName, startDate: c.startDate, endDate: c.endDate,
    durationMonths: c.durationMonths, extensionText: c.extensionText, annualValue: c.annualValue, totalValue: c.totalValue,
    category: c.category, cpv: c.cpv, department: c.department,
    supplierId: c.supplierId, supplier: c.supplier, product: c.product, serviceCategory: c.serviceCategory, classificationReason: c.classificationReason,
    // added by issue 4 (renewal dates)
    currentEndDate: c.currentEndDate, maxEndDate: c.maxEndDate, possibleEndDates: c.possibleEndDates, noticeDate: c.noticeDate, decisionDate: c.decisionDate,
    extensionConfidence: c.extensionConfidence,
    // added by issue 12 (registers nobody here has seen): the supplier group, where values came from, joint councils, where the row came from
    supplierGroup: c.supplierGroup, supplierGroupId: c.supplierGroupId,
    annualValueSource: c.annualValueSource, totalValueSource: c.totalValueSource, valueLow: c.valueLow, valueHigh: c.valueHigh,
    jointCouncils: c.jointCouncils, id: c.id, importId: c.importId, rowNumber: c.rowNumber,
    renewalStatus: c.renewalStatus, presumedOptionsTaken: c.presumedOptionsTaken, liveEndDate: c.liveEndDate, livePossibleEndDates: c.livePossibleEndDates,
    liveOptionsRemaining: c.liveOptionsRemaining, liveDecisionDate: c.liveDecisionDate, isIt: c.isIt, councilCategory: c.councilCategory,
  }));
  if (flag(args, 'json') === 'true') {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const c of out) {
    process.stdout.write(`${c.council}  ${(c.reference ?? '-').padEnd(14)} ${toUkDate(c.endDate).padEnd(10)}  ${(c.supplierName ?? '(withheld)').slice(0, 32).padEnd(32)}  ${(c.title ?? '').replace(/\s+/g, ' ').slice(0, 50)}\n`);
  }
  process.stdout.write(`${out.length} current contract(s)\n`);
  return 0;
}
