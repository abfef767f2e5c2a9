import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { OpportunityAnalysis, SupplierRefresh } from '@app/analysis';
import { parseUkDate, toUkDate } from '@app/ingest';
import { ImportIntake, ImportRunner } from '@app/importing';
import { CLOCK, Clock } from '@app/persistence';
import { flag, ParsedArgs, UsageError } from '../args';
import { demoRegisters } from '../demo/demo-registers';
import { ProgressBar } from '../progress';
import { analysisProgress } from './opportunities.command';

/** Where the registers are written unless --out says otherwise (beside where the command is run). */
export const DEFAULT_DEMO_FOLDER = 'demo-registers';

/**
 * `demo [--today DD/MM/YYYY] [--out <folder>] [--json]`: writes six councils' synthetic registers
 * dated relative to today into a folder, imports each as its council's register and runs the
 * analysis, so a first look always finds opportunities whose decisions are still ahead. The files
 * say they are synthetic on their first line; running it again on the same day changes nothing.
 */
export async function demoCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const raw = flag(args, 'today');
  let today = app.get<Clock>(CLOCK)().slice(0, 10);
  if (raw) {
    const parsed = parseUkDate(raw);
    if (!parsed?.ok) throw new UsageError(`--today "${raw}" is not a date (DD/MM/YYYY)`);
    today = parsed.value;
  }
  const json = flag(args, 'json') === 'true';
  const out = path.resolve(flag(args, 'out') ?? DEFAULT_DEMO_FOLDER);
  fs.mkdirSync(out, { recursive: true });
  const files = demoRegisters(today);
  const intake = app.get(ImportIntake);
  const runner = app.get(ImportRunner);
  const results = [];
  for (const f of files) {
    const file = path.join(out, f.name);
    fs.writeFileSync(file, f.content);
    const bytes = Buffer.byteLength(f.content);
    const sha256 = createHash('sha256').update(f.content).digest('hex');
    const accepted = await intake.accept({ fileName: f.name, content: null, sha256, size: bytes, councilCode: f.council, createdBy: 'demo', mode: 'full' });
    const bar = new ProgressBar(f.name.slice(5, 35), bytes);
    const record = accepted.kind === 'unchanged'
      ? accepted.record
      : await runner.run(accepted.record.id, { input: { name: f.name, path: file }, onProgress: (n, read) => bar.update(read, `${n} rows`) });
    bar.finish(`${record.rows} rows`);
    results.push({ file, council: f.council, status: accepted.kind === 'unchanged' ? 'unchanged' : record.status, rows: record.rows, imported: record.imported, rejected: record.rejected, importId: record.id });
  }
  await app.get(SupplierRefresh).run();
  const analysis = await app.get(OpportunityAnalysis).run('demo', today, analysisProgress(new ProgressBar('analysis', 100)));
  if (json) {
    process.stdout.write(`${JSON.stringify({ today, folder: out, synthetic: true, files: results, analysis }, null, 2)}\n`);
  } else {
    process.stdout.write(`Synthetic demonstration registers dated from ${toUkDate(today)} (not real contracts), written to ${out}:\n`);
    for (const r of results) process.stdout.write(`  ${path.basename(r.file)}: ${r.council}, ${r.status === 'unchanged' ? 'unchanged since the last demo' : `${r.imported} of ${r.rows} rows imported`}\n`);
    process.stdout.write(`analysis: ${analysis.contracts} current contracts, ${analysis.collaborative} collaborative opportunities, ${analysis.commonPlatforms} common platforms, ${analysis.categories} category landscapes\n`);
    process.stdout.write('Next: "council-register opportunities" lists them; "npm start" serves the pages (sign in after "council-register users add …").\n');
  }
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}
