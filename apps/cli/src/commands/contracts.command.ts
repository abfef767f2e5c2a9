import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, ContractReadModel, ContractRecord, ContractsRepository, CouncilsRepository, oneCouncil } from '@app/persistence';
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
  const filters = { supplier: flag(args, 'supplier'), endsFrom: dateFlag(args, 'ends-from'), endsTo: dateFlag(args, 'ends-to') };
  const json = flag(args, 'json') === 'true';
  const readModel = app.get(ContractReadModel);
  // A page at a time (council, then end, then id), written as it is read: a national register is a million rows.
  let count = 0;
  for await (const rows of app.get(ContractsRepository).inOrder(scope, filters, 'council', PAGE_ROWS)) {
    for (const c of await readModel.present(rows)) {
      const item = fields(c);
      // The same text as JSON.stringify(all, null, 2), one element at a time.
      const text = json ? `${count === 0 ? '[\n' : ',\n'}  ${JSON.stringify(item, null, 2).replace(/\n/g, '\n  ')}`
        : `${item.council}  ${(item.reference ?? '-').padEnd(14)} ${toUkDate(item.endDate).padEnd(10)}  ${(item.supplierName ?? '(withheld)').slice(0, 32).padEnd(32)}  ${(item.title ?? '').replace(/\s+/g, ' ').slice(0, 50)}\n`;
      count++;
      if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  if (json) {
    process.stdout.write(count === 0 ? '[]\n' : '\n]\n');
    return 0;
  }
  process.stdout.write(`${count} current contract(s)\n`);
  return 0;
}

const PAGE_ROWS = 1000;

/** What `contracts` gives of each contract, in this order. */
function fields(c: ContractRecord) {
  // The pinned fields first (issue 2), then the canonical supplier and classification (issue 3), then renewal dates (issue 4).
  return {
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
  };
}
