import { importHeadline } from '@app/ingest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { ChangeKind, CouncilsRepository, ImportChange, ImportEntity, ImportsRepository } from '@app/persistence';
import { ImportIntake, ImportRunner, parseImportMode } from '@app/importing';
import { AnalysisSummary, OpportunityAnalysis, SupplierRefresh } from '@app/analysis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { flag, ParsedArgs, UsageError } from '../args';
import { ProgressBar } from '../progress';
import { analysisProgress } from './opportunities.command';

/** Added, changed and retired contracts listed per file in --json (the counts are whole; the API's /changes pages through all). */
const CHANGES_LISTED = 1000;

const USAGE = 'import needs at least one file: npm run cli -- import <files…> [--council <code|name>] [--mode full|update] [--json]';

const MODE_HELP =
  '--mode full: each file is its councils\' whole register (their contracts not in it are retired and listed); ' +
  '--mode update: add and update by reference, retire nothing; no --mode: full only for one council\'s rows that do not look partial ' +
  '(a file of several councils or buyers is an update, and so is one that would retire more than half of the council\'s current contracts while holding fewer than half as many)';

async function changeLists(imports: ImportsRepository, record: ImportEntity) {
  const view = (c: ImportChange) => ({ council: c.council, reference: c.reference, title: c.title, row: c.row, fields: c.fields, contractId: c.contractId });
  const list = async (kind: ChangeKind) => (await imports.changes(record, kind, 0, CHANGES_LISTED)).map(view);
  const added = await list('added');
  const changed = await list('changed');
  const retired = await list('retired');
  const cut = (n: number, total: number | null) => total !== null && n < total;
  return { added, changed, retired, truncated: cut(added.length, record.added) || cut(changed.length, record.changed) || cut(retired.length, record.retired) };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  // Read a megabyte at a time: twice as fast as the stream's default 64 KiB on large registers.
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function importCommand(app: INestApplicationContext, args: ParsedArgs): Promise<number> {
  const files = args.positional.slice(1);
  if (files.length === 0) throw new UsageError(USAGE);
  const mode = parseImportMode(flag(args, 'mode'));
  if (mode === undefined) throw new UsageError(`--mode must be "full" or "update", not "${flag(args, 'mode')}". ${MODE_HELP}`);
  const json = flag(args, 'json') === 'true';
  // --timings: how long each phase took, on stderr (so --json output stays clean).
  const timings = flag(args, 'timings') === 'true';
  let phaseStart = process.hrtime.bigint() - BigInt(Math.round(process.uptime() * 1e9));
  const phase = (name: string) => {
    const now = process.hrtime.bigint();
    if (timings) process.stderr.write(`timing ${name}: ${(Number(now - phaseStart) / 1e6).toFixed(0)} ms\n`);
    phaseStart = now;
  };
  const directory = await app.get(CouncilsRepository).directory();
  let given: string | null = null;
  const councilFlag = flag(args, 'council');
  if (councilFlag) {
    const match = directory.resolve(councilFlag);
    if (match.kind === 'none') throw new UsageError(`--council "${councilFlag}" is not a GSS code or council name the register knows`);
    if (match.kind === 'ambiguous') throw new UsageError(`--council "${councilFlag}" names more than one council (${match.codes.join(', ')})`);
    given = match.code;
  }
  const intake = app.get(ImportIntake);
  const runner = app.get(ImportRunner);
  const imports = app.get(ImportsRepository);
  const results = [];
  let failures = 0;
  for (const file of files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
    const size = fs.statSync(file).size;
    const byName = directory.resolveFileName(path.basename(file));
    const council = given ?? (byName.kind === 'found' ? byName.code : null);
    phase('start');
    const sha256 = await fileSha256(file);
    phase('hash');
    let accepted: Awaited<ReturnType<ImportIntake['accept']>>;
    let record: ImportEntity;
    const bar = new ProgressBar(path.basename(file).slice(0, 30), size);
    try {
      accepted = await intake.accept({ fileName: path.basename(file), content: null, sha256, size, councilCode: council, createdBy: 'cli', mode });
      record = accepted.kind === 'unchanged'
        ? accepted.record
        : await runner.run(accepted.record.id, {
            input: { name: path.basename(file), path: file },
            onProgress: (n, read) => bar.update(read, `${n.toLocaleString('en-GB')} rows`),
            onPhase: phase,
          });
    } catch (e) {
      // Whatever stopped it (the database busy or full), the message names the file.
      (e as Error).message = `${file}: ${(e as Error).message}`;
      throw e;
    }
    bar.finish(`${record.rows.toLocaleString('en-GB')} rows`);
    if (record.status === 'failed') failures++;
    const issues = accepted.kind === 'unchanged' ? [] : await imports.issues(record.id, 0, Number.MAX_SAFE_INTEGER);
    const councils: string[] = record.councils ? JSON.parse(record.councils) : [];
    // An unchanged file changed nothing this time: its counts and lists are empty, its mode that of the import it repeats.
    const ran = accepted.kind !== 'unchanged';
    const changes = ran ? await changeLists(imports, record) : { added: [], changed: [], retired: [], truncated: false };
    const headline = importHeadline({ status: accepted.kind === 'unchanged' ? 'unchanged' : record.status, rows: record.rows, imported: record.imported, rejected: record.rejected });
    results.push({
      file,
      council: record.councilCode ?? (councils.length === 1 ? councils[0] : null),
      rows: record.rows,
      imported: record.imported,
      withWarnings: record.withWarnings,
      rejected: record.rejected,
      issues: issues.map((i) => ({ row: i.row, column: i.column, value: i.value, code: i.code, message: i.message, severity: i.severity })),
      status: accepted.kind === 'unchanged' ? 'unchanged' : record.status,
      importId: record.id,
      councils,
      superseded: record.superseded,
      error: record.errorCode ? { code: record.errorCode, message: record.errorMessage } : null,
      // added by issue 12: the report's first line
      headline: headline.text,
      mostlyRejected: headline.mostlyRejected,
      mode: record.mode,
      modeRequested: ran ? record.modeRequested : mode,
      modeRule: record.modeRule,
      modeReason: record.modeReason,
      added: ran ? record.added : 0,
      changed: ran ? record.changed : 0,
      unchanged: ran ? record.unchanged : 0,
      retired: ran ? record.retired : 0,
      changes,
    });
    if (!json) {
      const r = results[results.length - 1];
      if (r.status === 'unchanged') process.stdout.write(`${file}: unchanged (same bytes as the current register, import ${r.importId}); nothing imported\n`);
      else if (r.status === 'failed') process.stdout.write(`${file}: FAILED ${r.error?.code}: ${r.error?.message}\n`);
      else {
        if (r.mostlyRejected) process.stdout.write(`${file}: ${r.headline}\n`);
        process.stdout.write(`${file}: ${r.council ?? r.councils.join(', ')}: ${r.rows} rows, ${r.imported} imported (${r.withWarnings} with warnings), ${r.rejected} rejected, ${r.superseded} superseded\n`);
        process.stdout.write(`  ${r.mode === 'full' ? 'full register' : 'update'}: ${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged, ${r.retired} retired (${r.modeReason})\n`);
        for (const c of r.changes.changed) process.stdout.write(`  changed ${c.council} ${c.reference ?? '(no reference)'} (row ${c.row}): ${c.fields.join(', ')}\n`);
        for (const c of r.changes.retired) process.stdout.write(`  retired ${c.council} ${c.reference ?? '(no reference)'}${c.title ? ` ${c.title}` : ''}\n`);
        if (r.changes.truncated) process.stdout.write(`  (the first ${CHANGES_LISTED} of each list; GET /api/imports/${r.importId}/changes has them all)\n`);
        for (const i of r.issues) process.stdout.write(`  row ${i.row ?? '-'}${i.column ? `, ${i.column}` : ''}${i.value !== null ? ` "${i.value}"` : ''}: ${i.severity} ${i.code}: ${i.message}\n`);
      }
    }
  }
  // New supplier names join the canonical suppliers (and the analysts' decisions apply to them) at once.
  if (results.some((r) => r.status === 'completed')) {
    phase('report');
    const s = await app.get(SupplierRefresh).run();
    phase('suppliers');
    if (!json) process.stdout.write(`suppliers: ${s.names} names as written, ${s.suppliers} canonical suppliers, ${s.suggestions} suggestions for review\n`);
  }
  // As an upload does, an import leads to an analysis: here at once, in this process (no queue to hand it to),
  // unless --no-analyse; with REDIS_URL set the workers own the analysis, and this says how to have it now.
  let analysis: AnalysisSummary | null = null;
  if (results.some((r) => r.status === 'completed') && flag(args, 'no-analyse') !== 'true') {
    if (app.get<AppConfig>(APP_CONFIG).redisUrl) {
      process.stderr.write('analysis: not run here (REDIS_URL is set: the workers analyse after uploads and nightly); "council-register analyse" analyses now\n');
    } else {
      analysis = await app.get(OpportunityAnalysis).run('import', undefined, analysisProgress(new ProgressBar('analysis', 100)));
      phase('analysis');
      if (!json) {
        process.stdout.write(`analysis: ${analysis.contracts} current contracts, ${analysis.collaborative} collaborative opportunities, ${analysis.commonPlatforms} common platforms, `
          + `${analysis.categories} category landscapes; "council-register opportunities" lists them\n`);
      }
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ files: results, analysis }, null, 2)}\n`);
  return failures > 0 ? 1 : 0;
}
