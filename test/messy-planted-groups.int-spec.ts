import { generateEvaluationSet } from '../eval/generator/generate-registers';
import { EvaluationSet } from '../eval/generator/truth';
import { matchTruth } from '../eval/match-truth';
import { allCouncils } from '@app/persistence';
import { importBytes, openStack, Stack } from './support/stack';
import { TEST_DATABASES } from './support/databases';

// The planted-groups test on messy input: registers from the evaluation generator (written from a
// description of councils' world, not from this code: header dialects, encodings, typos, missing
// starts, bare-number extensions, contracts already past their first end), imported through the
// real pipeline into a real database, then the analysis. Each planted group of councils can align
// only through extension options, and must be found whole in one collaborative opportunity.
jest.setTimeout(300_000);

const TODAY = '2026-11-30';
const sqlite = TEST_DATABASES.find((d) => d.name === 'sqlite')!;

let imports = new Map<string, string>();

async function importSet(stack: Stack, set: EvaluationSet): Promise<Map<string, string>> {
  const imports = new Map<string, string>();
  for (const f of set.files) {
    const { record } = await importBytes(stack, f.name, f.bytes, f.councilCode, f.councilCode ? 'full' : 'update');
    imports.set(f.name, record.id);
  }
  await stack.refresh.run();
  await stack.analysis.run('test', TODAY);
  return imports;
}

describe.each([[7], [11]])('planted groups in generated messy registers (seed %i)', (seed) => {
  let stack: Stack;
  let set: EvaluationSet;
  const config = sqlite.config();

  beforeAll(async () => {
    set = generateEvaluationSet({ seed, today: TODAY, councils: 14 });
    stack = await openStack(config);
    imports = await importSet(stack, set);
  });

  afterAll(async () => {
    await stack?.close();
    await sqlite.drop(config);
  });

  it('accounts for every row and finds all six planted groups whole', async () => {
    const contracts = (await stack.contracts.findAll(allCouncils, {})).map((c) => ({ id: c.id, importId: c.importId, rowNumber: c.rowNumber, council: c.councilCode, reference: c.reference }));
    const rejected = new Map<string, number[]>();
    for (const [file, importId] of imports) {
      const rows = (await stack.imports.issues(importId, 0, 100_000)).filter((i) => i.severity === 'error' && i.row !== null).map((i) => i.row as number);
      rejected.set(file, [...new Set(rows)]);
    }
    const matched = matchTruth(set, imports, contracts, rejected);
    const opportunities = (await stack.opportunities.list(allCouncils)).filter((o) => o.kind === 'collaborative');
    const found: string[] = [];
    const missed: string[] = [];
    for (const g of set.plantedGroups) {
      const ids = g.members.map((m) => {
        const s = matched.get(set.contracts.find((c) => c.file === m.file && c.line === m.line)!);
        return s && s !== 'rejected' ? s.id : undefined;
      });
      const whole = ids.every((id) => id !== undefined) && opportunities.some((o) => o.detail.kind === 'collaborative' && ids.every((id) => (o.detail as { contractIds: number[] }).contractIds.includes(id!)));
      (whole ? found : missed).push(g.id);
    }
    // Every row of every file is a contract or a rejected row with its reason.
    const rows = set.contracts.length;
    expect([...matched.values()].filter((v) => v === null)).toEqual([]);
    expect(matched.size).toBe(rows);
    process.stdout.write(`seed ${seed}: planted groups found whole ${found.length} of ${set.plantedGroups.length}${missed.length ? ` (missed ${missed.join(', ')})` : ''}\n`);
    expect(missed).toEqual([]);
  });
});
