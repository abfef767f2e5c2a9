import { allCouncils, AnalysisInputs, AnalysisReader, FindingsStore, readCatalogue } from '@app/persistence';
import { DEFAULT_CUT_RULES, OpportunityAnalysis, PartJob, RegisterChangedError } from '@app/analysis';
import { Classifier } from '@app/classification';
import { generateEvaluationSet } from '../eval/generator/generate-registers';
import { importBytes, openStack, Stack, testClock } from './support/stack';
import { DATA_DIR, TEST_DATABASES } from './support/databases';

// A register larger than a part is analysed part by part (whole components of contracts that may
// share a finding), each part's findings staged, then all stored in one transaction. On generated
// messy registers the stored findings must be the very ones a run over everything at once stores.
jest.setTimeout(300_000);

const TODAY = '2026-11-30';

function analysisOf(stack: Stack, partContracts: number, findings: FindingsStore = stack.findings): OpportunityAnalysis {
  const catalogue = readCatalogue(DATA_DIR);
  const reader = new AnalysisReader(stack.dataSource, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy));
  return new OpportunityAnalysis(stack.contracts, stack.readModel, stack.councils, findings, testClock, 12,
    { reader, rules: DEFAULT_CUT_RULES, inputs: new AnalysisInputs(stack.dataSource), partContracts });
}

async function stored(stack: Stack) {
  const findings = (await stack.dataSource.query('SELECT id, kind, body, body_hash, is_current, status, rank_score, summary FROM opportunities ORDER BY id')) as Record<string, unknown>[];
  const councils = (await stack.dataSource.query('SELECT opportunity_id, council_code FROM opportunity_councils ORDER BY opportunity_id, council_code')) as Record<string, unknown>[];
  return { findings: findings.map((f) => ({ ...f, id: f.id as string, is_current: Number(f.is_current) === 1 || f.is_current === true })), councils };
}

const count = async (stack: Stack, table: string) => Number(((await stack.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[])[0].n);

describe.each(TEST_DATABASES)('the analysis in parts on $name', (db) => {
  let stack: Stack;
  const config = db.config();

  beforeAll(async () => {
    stack = await openStack(config);
    const set = generateEvaluationSet({ seed: 23, today: TODAY, councils: 14 });
    for (const f of set.files) await importBytes(stack, f.name, f.bytes, f.councilCode, f.councilCode ? 'full' : 'update');
    await stack.refresh.run();
  });

  afterAll(async () => {
    await stack.close();
    await db.drop(config);
  });

  it('stores exactly what a run over everything at once stores, and keeps triage', async () => {
    const whole = await analysisOf(stack, 10_000_000).run('test', TODAY, undefined, true);
    expect(whole.parts).toBe(1);
    expect(whole.collaborative).toBeGreaterThan(5);
    const before = await stored(stack);

    // Again in parts, over the same contracts: nothing to write, nothing retired.
    const again = await analysisOf(stack, 40).run('test', TODAY, undefined, true);
    expect(again.parts).toBeGreaterThan(2);
    expect(again.stored).toEqual({ written: 0, unchanged: before.findings.length, retired: 0 });
    expect([again.collaborative, again.commonPlatforms, again.categories, again.cut, again.merged]).toEqual([whole.collaborative, whole.commonPlatforms, whole.categories, whole.cut, whole.merged]);

    // From nothing, in parts: the same bodies, councils and list columns; an analyst's triage survives a run in parts.
    await stack.dataSource.query('DELETE FROM opportunity_councils');
    await stack.dataSource.query('DELETE FROM opportunities');
    const fresh = await analysisOf(stack, 40).run('test', TODAY, undefined, true);
    expect(fresh.stored).toEqual({ written: before.findings.length, unchanged: 0, retired: 0 });
    expect(await stored(stack)).toEqual(before);
    const [first] = before.findings;
    await stack.opportunities.triage(first.id as string, 'accepted', 'one procurement', 'analyst', testClock(), null);
    await analysisOf(stack, 40).run('test', TODAY, undefined, true);
    expect((await stack.opportunities.findById(allCouncils, first.id as string))?.status).toBe('accepted');
    expect(await count(stack, 'analysis_staged_findings')).toBe(0);
  });

  it('changes nothing stored when a part fails half way, and the next run stores it all', async () => {
    const before = await stored(stack);
    const runs = await count(stack, 'analysis_runs');
    // Retire a tenth of the contracts, so the run has findings to change.
    await stack.dataSource.query(`UPDATE contracts SET is_current = ${db.name === 'sqlite' ? '0' : 'false'} WHERE id % 10 = 0`);
    class FailsAtThirdPart extends FindingsStore {
      calls = 0;
      override async stageFindings(...args: Parameters<FindingsStore['stageFindings']>): Promise<void> {
        if (++this.calls === 3) throw new Error('the database went away');
        return super.stageFindings(...args);
      }
    }
    const failing = new FailsAtThirdPart(stack.dataSource, stack.gate);
    await expect(analysisOf(stack, 40, failing).run('test', TODAY, undefined, true)).rejects.toThrow('the database went away');
    expect(failing.calls).toBe(3);
    expect(await stored(stack)).toEqual(before);
    expect(await count(stack, 'analysis_runs')).toBe(runs);
    // What the failed run staged is left aside, never read as findings; the next run stores its own.
    expect(await count(stack, 'analysis_staged_findings')).toBeGreaterThan(0);
    const next = await analysisOf(stack, 40).run('test', TODAY, undefined, true);
    expect(next.stored!.written + next.stored!.retired).toBeGreaterThan(0);
    const whole = await analysisOf(stack, 10_000_000).run('test', TODAY, undefined, true);
    expect(whole.stored).toMatchObject({ written: 0, retired: 0 });
  });

  it('spread over jobs: parts run by another analysis, in any order and one twice, store what a run at once stores', async () => {
    const whole = await analysisOf(stack, 10_000_000).run('test', TODAY, undefined, true);
    const before = await stored(stack);
    // What the failed run above staged stays until it is a day old; this run clears its own.
    const leftover = await count(stack, 'analysis_staged_findings');
    const worker = analysisOf(stack, 10_000_000);
    let queued: PartJob[] = [];
    const spreader = {
      minParts: 3,
      spread: async (jobs: PartJob[], staged: () => Promise<number[]>) => {
        queued = jobs;
        // A part handed on after its worker stalled runs twice: it is staged once.
        for (const job of [...jobs].reverse()) await worker.runPart(job);
        await worker.runPart(jobs[0]);
        expect(await staged()).toEqual(jobs.map((j) => j.part));
      },
    };
    const spread = await analysisOf(stack, 10_000_000).run('test', TODAY, undefined, true, spreader);
    expect(queued.length).toBeGreaterThanOrEqual(3);
    expect(spread.parts).toBe(queued.length);
    expect(spread.stored).toEqual({ written: 0, unchanged: before.findings.filter((f) => f.is_current).length, retired: 0 });
    expect([spread.collaborative, spread.commonPlatforms, spread.categories, spread.cut, spread.merged]).toEqual([whole.collaborative, whole.commonPlatforms, whole.categories, whole.cut, whole.merged]);
    expect(await stored(stack)).toEqual(before);
    expect(await count(stack, 'analysis_staged_findings')).toBe(leftover);

    // A part whose register changed after the plan is refused, not made from other contracts.
    await stack.dataSource.query(`UPDATE contracts SET is_current = ${db.name === 'sqlite' ? '0' : 'false'} WHERE id IN (SELECT id FROM contracts WHERE is_current = ${db.name === 'sqlite' ? '1' : 'true'} ORDER BY id LIMIT 7)`);
    await expect(worker.runPart(queued[0])).rejects.toThrow(RegisterChangedError);
  });

  it('stages and stores a body of megabytes exactly, a character outside the BMP across a slice of the COPY included', async () => {
    const token = `test-${Date.now()}`;
    const base = {
      id: '0123456789abcdef', kind: 'common-platform' as const, product: 'Spydus \u{1F4DA}', serviceCategory: null,
      councils: ['S12000033', 'S12000034'], contracts: 2, annualValue: 1, suppliers: [],
    };
    // The emoji's two halves fall either side of the first 1 MiB slice of the body's text.
    const opening = JSON.stringify({ ...base, why: [''] }).length - '"]}'.length;
    const finding = { ...base, why: [`${'x'.repeat((1 << 20) - opening - 1)}\u{1F4BE} tab\there, newline\nthere, back\\slash`, 'w'.repeat(3 << 20)] };
    expect(JSON.stringify(finding).charCodeAt((1 << 20) - 1)).toBe(0xd83d);
    await stack.findings.stageFindings(token, 0, [finding], testClock(), { cut: 0, merged: 0 });
    const [row] = (await stack.dataSource.query(
      `SELECT body FROM analysis_staged_findings WHERE run_token = ${db.name === 'sqlite' ? '?' : '$1'} AND id = '0123456789abcdef'`, [token])) as { body: string }[];
    expect(row.body.length).toBe(JSON.stringify(finding).length);
    expect(row.body === JSON.stringify(finding)).toBe(true);
    await stack.dataSource.query(`DELETE FROM analysis_staged_findings WHERE run_token = ${db.name === 'sqlite' ? '?' : '$1'}`, [token]);
  });
});
