import * as fs from 'node:fs';
import * as path from 'node:path';
import { categoryLandscapes, collaborativeOpportunities, ContractFacts, platformCommunities, rankAndCut } from '@app/opportunities';
import { AnalysisReader, readCatalogue } from '@app/persistence';
import { DEFAULT_CUT_RULES, factsThroughReadModel } from '@app/analysis';
import { Classifier } from '@app/classification';
import { generateEvaluationSet } from '../eval/generator/generate-registers';
import { importBytes, openStack, Stack } from './support/stack';
import { DATA_DIR, REPO_ROOT, TEST_DATABASES } from './support/databases';

// The lean analysis reader against the path it replaced (ORM entities through the contract read
// model): on the Scottish extract and on generated messy registers (encodings, typos, missing
// starts, extensions already past), the same contracts give the same findings in the same order.
jest.setTimeout(300_000);

const TODAY = '2026-11-30';

function analyse(facts: ContractFacts[], councilNames: Record<string, string>) {
  const found = collaborativeOpportunities(facts, { today: TODAY, windowMonths: 12, councilNames });
  return { ...rankAndCut(found, DEFAULT_CUT_RULES), platforms: platformCommunities(facts), categories: categoryLandscapes(facts) };
}

async function compare(stack: Stack): Promise<number> {
  const catalogue = readCatalogue(DATA_DIR);
  const reader = new AnalysisReader(stack.dataSource, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy));
  const lean = await reader.readAllCouncils(TODAY);
  const reference = await factsThroughReadModel(stack.contracts, stack.readModel, TODAY);
  const councilNames = Object.fromEntries((await stack.councils.all()).map((c) => [c.code, c.shortName]));
  // The reader leaves titles out (the analysis does not use them); every other fact is the same.
  expect(lean.map((f) => ({ ...f, title: null }))).toEqual(reference.map((f) => ({ ...f, title: null })));
  const a = analyse(lean, councilNames);
  const b = analyse(reference, councilNames);
  expect(a.kept.map((f) => f.id)).toEqual(b.kept.map((f) => f.id));
  expect(a).toEqual(b);
  return a.kept.length;
}

describe.each(TEST_DATABASES)('the analysis reader on $name', (db) => {
  it('reads the Scottish extract as the read model does: same findings, same order', async () => {
    const config = db.config();
    const stack = await openStack(config);
    try {
      const file = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/opportunities/scottish-councils-ict-extract.csv'));
      const { record } = await importBytes(stack, 'extract.csv', file, null);
      expect(record.status).toBe('completed');
      expect(await compare(stack)).toBeGreaterThanOrEqual(3);
      // Rows stored before classification was (or whose catalogue changed) are classified as they are read, from their own words.
      await stack.dataSource.query('UPDATE contracts SET classified_at = NULL');
      expect(await compare(stack)).toBeGreaterThanOrEqual(3);
    } finally {
      await stack.close();
      await db.drop(config);
    }
  });

  if (db.name !== 'sqlite') return;
  it('reads a SQLite file in threads (the built reader) as it does on one thread: the same facts in the same order', async () => {
    const built = path.join(REPO_ROOT, 'dist/libs/persistence/src/index.js');
    expect(fs.existsSync(built)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AnalysisReader: BuiltReader } = require(built) as { AnalysisReader: typeof AnalysisReader };
    const config = db.config();
    const stack = await openStack(config);
    try {
      const set = generateEvaluationSet({ seed: 11, today: TODAY, councils: 10 });
      for (const f of set.files) await importBytes(stack, f.name, f.bytes, f.councilCode, f.councilCode ? 'full' : 'update');
      // Some rows not classified yet, so threads classify too.
      await stack.dataSource.query('UPDATE contracts SET classified_at = NULL WHERE id % 3 = 0');
      const catalogue = readCatalogue(DATA_DIR);
      const classifier = () => new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy);
      const one = await new AnalysisReader(stack.dataSource, classifier()).readAllCouncils(TODAY);
      const threaded = new BuiltReader(stack.dataSource, classifier(), undefined, 'unnamed', { count: 3, catalogue, from: 10 });
      const seen: number[] = [];
      const facts = await threaded.readAllCouncils(TODAY, (n) => seen.push(n));
      expect(threaded.threadsUsed).toBe(3);
      expect(one.length).toBeGreaterThan(100);
      expect(facts).toEqual(one);
      expect(Math.max(...seen)).toBe(one.length);
    } finally {
      await stack.close();
      await db.drop(config);
    }
  });

  it('reads generated messy registers as the read model does: same findings, same order', async () => {
    const config = db.config();
    const stack = await openStack(config);
    try {
      const set = generateEvaluationSet({ seed: 7, today: TODAY, councils: 14 });
      for (const f of set.files) await importBytes(stack, f.name, f.bytes, f.councilCode, f.councilCode ? 'full' : 'update');
      await stack.refresh.run();
      expect(await compare(stack)).toBeGreaterThan(5);
    } finally {
      await stack.close();
      await db.drop(config);
    }
  });
});
