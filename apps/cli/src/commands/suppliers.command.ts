import { INestApplicationContext } from '@nestjs/common';
import { allCouncils, CouncilsRepository, oneCouncil, SuppliersRepository } from '@app/persistence';
import { SupplierRefresh } from '@app/analysis';
import { flag, ParsedArgs, UsageError } from '../args';

/**
 * `suppliers [--council X] [--json]`: canonical suppliers with the names registers write them as.
 * `suppliers suggestions [--json]`: pairs of names for an analyst to review.
 * `suppliers refresh`: works the suppliers out again (imports and decisions do this themselves).
 */
export async function suppliersCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const sub = args.positional[1];
  const repo = app.get(SuppliersRepository);
  const json = flag(args, 'json') === 'true';
  if (sub === 'refresh') {
    const r = await app.get(SupplierRefresh).run();
    process.stdout.write(json ? `${JSON.stringify(r)}\n` : `${r.names} names as written, ${r.suppliers} canonical suppliers, ${r.suggestions} suggestions for review\n`);
    return 0;
  }
  if (sub === 'suggestions') {
    const list = await repo.suggestions();
    if (json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else for (const s of list) process.stdout.write(`${s.score.toFixed(2)}  ${s.rule.padEnd(13)} ${s.a.name}  ~  ${s.b.name}\n`);
    return 0;
  }
  if (sub !== undefined) throw new UsageError(`unknown suppliers command "${sub}": use suppliers [--json], suppliers suggestions or suppliers refresh`);
  let scope = allCouncils;
  const councilFlag = flag(args, 'council');
  if (councilFlag) {
    const match = (await app.get(CouncilsRepository).directory()).resolve(councilFlag);
    if (match.kind !== 'found') throw new UsageError(`--council "${councilFlag}" is not a single council the register knows`);
    scope = oneCouncil(match.code);
  }
  const suppliers = await repo.list(scope);
  // Pinned: id, name, companyNumber, group, variants (names as written); the rest are additions.
  const out = suppliers.map((s) => ({
    id: s.id, name: s.name, companyNumber: s.companyNumber, group: s.group, variants: s.variants.map((v) => v.name),
    reseller: s.reseller, councils: s.councils, contracts: s.contracts,
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const s of out) {
    process.stdout.write(`${String(s.id).padStart(5)}  ${s.name.slice(0, 40).padEnd(40)} ${String(s.contracts).padStart(5)} contract(s), ${s.councils.length} council(s)${s.variants.length > 1 ? `; written as ${s.variants.join(' | ').slice(0, 80)}` : ''}\n`);
  }
  process.stdout.write(`${out.length} supplier(s)\n`);
  return 0;
}
