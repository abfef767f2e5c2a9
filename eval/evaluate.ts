import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateEvaluationSet } from './generator/generate-registers';
import { EvaluationSet, TruthContract } from './generator/truth';
import { evaluateRealData, pct } from './real-data';
import { matchTruth } from './match-truth';

// npm run eval [-- --seed 7 --today 2026-11-30 --councils 32 --keep --explain]
// Makes a set of messy council registers with known truth (eval/generator: written from a
// description of councils' world, not from this code), imports every file through the real CLI
// into a fresh SQLite file, runs the analysis, and compares what was stored with the truth.
// Then scores the classifier, supplier matching and council names on hand-labelled real
// Contracts Finder data (test/fixtures/real-labels). Prints figures; asserts nothing.

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist/apps/cli/src/main.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback;
}

interface StoredContract {
  councilCategory?: string | null;
  supplierGroup?: string | null;
  liveEndDate?: string | null;
  id: number;
  importId: string;
  rowNumber: number;
  council: string;
  jointCouncils?: string[];
  reference: string | null;
  supplierName: string | null;
  supplierId: number | null;
  supplierGroupId: number | string | null;
  startDate: string | null;
  endDate: string | null;
  annualValue: number | null;
  totalValue: number | null;
  serviceCategory: string | null;
  product: string | null;
  possibleEndDates: string[];
}

function cli(db: string, args: string[], today: string): unknown {
  const run = spawnSync(process.execPath, [CLI, ...args, '--json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'silent' },
    maxBuffer: 1 << 30,
  });
  const out = run.stdout.toString();
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`cli ${args.join(' ')} exited ${run.status}: ${run.stderr.toString().slice(0, 2000)}`);
  }
}

const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= Math.max(1, 0.01 * Math.abs(b)));

/** Pairwise precision and recall of a predicted clustering against the truth, over items both label. */
export function pairwise(items: { truth: string; predicted: string }[]): { precision: number; recall: number; pairsTrue: number; pairsPredicted: number } {
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const byTruth = new Map<string, number>();
  const byPred = new Map<string, number>();
  const byBoth = new Map<string, number>();
  for (const i of items) {
    byTruth.set(i.truth, (byTruth.get(i.truth) ?? 0) + 1);
    byPred.set(i.predicted, (byPred.get(i.predicted) ?? 0) + 1);
    byBoth.set(key(i.truth, i.predicted), (byBoth.get(key(i.truth, i.predicted)) ?? 0) + 1);
  }
  const pairs = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const tp = pairs(byBoth);
  const t = pairs(byTruth);
  const p = pairs(byPred);
  return { precision: p === 0 ? 1 : tp / p, recall: t === 0 ? 1 : tp / t, pairsTrue: t, pairsPredicted: p };
}

type Tally = Map<string, Map<string, { n: number; names: Set<string> }>>;

/** For --explain: the supplier groups the register split (recall) and those holding several true groups (precision), with their spellings. */
function explainSupplierGroups(withSupplier: [TruthContract, StoredContract][]): void {
  const byTruth: Tally = new Map();
  const byPredicted: Tally = new Map();
  const count = (tally: Tally, outer: string, inner: string, name: string) => {
    let parts = tally.get(outer);
    if (!parts) tally.set(outer, (parts = new Map()));
    let part = parts.get(inner);
    if (!part) parts.set(inner, (part = { n: 0, names: new Set() }));
    part.n++;
    part.names.add(name);
  };
  for (const [t, s] of withSupplier) {
    const name = `${t.supplierRaw} [${s.supplierGroup ?? s.supplierName}]`;
    const grouped = s.supplierGroupId !== null && s.supplierGroupId !== undefined;
    count(byTruth, t.supplierGroupId!, grouped ? String(s.supplierGroupId) : `none:${s.id}`, name);
    if (grouped) count(byPredicted, String(s.supplierGroupId), t.supplierGroupId!, name);
  }
  for (const [, parts] of [...byPredicted].filter(([, p]) => p.size > 1).sort((a, b) => b[1].size - a[1].size).slice(0, 10)) {
    console.log(`  one group in the register, ${parts.size} true groups: ${[...parts].map(([truth, p]) => `${truth} ${p.n}× ${[...p.names].slice(0, 2).join(' | ')}`).join('  //  ')}`);
  }
  const lost = [...byTruth].map(([truth, parts]) => {
    const sizes = [...parts.values()];
    const total = sizes.reduce((a, p) => a + p.n, 0);
    const kept = sizes.reduce((a, p) => a + (p.n * (p.n - 1)) / 2, 0);
    return { truth, missed: (total * (total - 1)) / 2 - kept, parts: sizes.sort((a, b) => b.n - a.n) };
  }).filter((x) => x.missed > 0).sort((a, b) => b.missed - a.missed);
  for (const x of lost.slice(0, 10)) {
    console.log(`  ${x.truth}: ${x.missed} pairs missed; split ${x.parts.map((p) => `${p.n}× ${[...p.names].slice(0, 3).join(' | ')}`).join('  //  ')}`);
  }
}

/** For --explain: each member of a missed planted group, as the truth has it and as the register stored it, and the findings holding it. */
function explainMiss(
  g: { explanation: string; members: { file: string; line: number }[] },
  contracts: TruthContract[],
  matched: Map<TruthContract, StoredContract | 'rejected' | null>,
  opportunities: { id: string; label?: string; contracts: { id: number }[] }[],
): void {
  console.log(`    plan: ${g.explanation}`);
  for (const m of g.members) {
    const t = contracts.find((c) => c.file === m.file && c.line === m.line)!;
    const s = matched.get(t);
    const truth = `${t.councilCode} ${t.category}${t.product ? `/${t.product}` : ''} ${t.supplierGroupId ?? '-'} end ${t.endDate} options ${t.extensionOptionsMonths.join('+') || 'none'}`;
    if (!s || s === 'rejected') {
      console.log(`    ${m.file}:${m.line} truth ${truth} · stored: ${s ?? 'not found'}`);
      continue;
    }
    const held = opportunities.filter((o) => o.contracts.some((c) => c.id === s.id)).map((o) => o.label ?? o.id);
    console.log(
      `    ${m.file}:${m.line} truth ${truth} · stored ${s.serviceCategory ?? s.councilCategory ?? '-'}${s.product ? `/${s.product}` : ''} ${s.supplierGroup ?? s.supplierName ?? '-'} end ${s.endDate} live ${s.liveEndDate ?? '-'} possible ${s.possibleEndDates.join(',') || 'none'} · in ${held.length ? held.join('; ') : 'no finding'}`,
    );
  }
}

async function main(): Promise<void> {
  const seed = Number(arg('seed', '20261130'));
  const today = arg('today', new Date().toISOString().slice(0, 10));
  const councils = Number(arg('councils', '32'));
  if (!fs.existsSync(CLI)) throw new Error('run npm run build first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-eval-'));
  const db = path.join(dir, 'eval.sqlite');
  console.log(`evaluation: generated registers (seed ${seed}, today ${today}, ${councils} councils) in ${dir}`);
  const set = generateEvaluationSet({ seed, today, councils });
  for (const f of set.files) fs.writeFileSync(path.join(dir, f.name), f.bytes);

  // Import file by file, each as the council would upload it (a multi-council extract names its councils per row).
  const imports = new Map<string, string>();
  const rejectedRows = new Map<string, number[]>();
  let rowsRead = 0;
  let failed = 0;
  for (const f of set.files) {
    const args = ['import', path.join(dir, f.name), ...(f.councilCode ? ['--council', f.councilCode] : []), '--mode', f.councilCode ? 'full' : 'update'];
    const report = cli(db, args, today) as { files: { importId: string; rows: number; status: string; error: unknown; issues: { row: number | null; severity: string }[] }[] };
    const r = report.files[0];
    if (r.status === 'failed') {
      failed++;
      console.log(`  ${f.name}: FAILED ${JSON.stringify(r.error)} (${f.dialect})`);
    }
    imports.set(f.name, r.importId);
    rowsRead += r.rows;
    rejectedRows.set(f.name, [...new Set(r.issues.filter((i) => i.severity === 'error' && i.row !== null).map((i) => i.row as number))]);
  }
  cli(db, ['analyse', '--today', today], today);
  const stored = cli(db, ['contracts'], today) as StoredContract[];
  const opportunities = cli(db, ['opportunities', '--kind', 'collaborative'], today) as { id: string; label?: string; contracts: { id: number }[]; councils: string[] }[];
  const matched = matchTruth(set, imports, stored, rejectedRows);

  const truthRows = set.contracts.length;
  const found = [...matched.values()].filter((v) => v && v !== 'rejected') as StoredContract[];
  const rejected = [...matched.values()].filter((v) => v === 'rejected').length;
  console.log('\n== rows');
  console.log(`files ${set.files.length} (${failed} failed) · truth rows ${truthRows} · rows read ${rowsRead} · imported ${found.length} · rejected with a reason ${rejected} · accounted ${pct(found.length + rejected, truthRows)}`);

  console.log('\n== fields (of contracts imported)');
  const fields: [string, (t: TruthContract, s: StoredContract) => boolean][] = [
    ['council', (t, s) => s.council === t.councilCode && [...(s.jointCouncils ?? [])].sort().join() === [...t.jointCouncilCodes].sort().join()],
    ['start date', (t, s) => s.startDate === t.startDate],
    ['end date', (t, s) => s.endDate === t.endDate],
    ['annual value', (t, s) => t.annualValue === null || same(s.annualValue, t.annualValue)],
    ['total value', (t, s) => t.totalValue === null || same(s.totalValue, t.totalValue)],
    ['supplier present', (t, s) => (t.supplierEntityId === null) === (s.supplierId === null)],
    ['extension options', (t, s) => s.possibleEndDates.length === t.extensionOptionsMonths.length],
  ];
  for (const [name, ok] of fields) {
    let right = 0;
    const wrong: string[] = [];
    for (const [t, s] of matched) {
      if (!s || s === 'rejected') continue;
      if (ok(t, s)) right++;
      else if (wrong.length < 4) wrong.push(`${t.file}:${t.line}`);
    }
    console.log(`${name.padEnd(18)} ${pct(right, found.length).padStart(6)}${wrong.length ? `   e.g. wrong at ${wrong.join(', ')}` : ''}`);
  }

  console.log('\n== suppliers (pairs of imported contracts with a supplier)');
  const withSupplier = [...matched].filter(([t, s]) => t.supplierEntityId && s && s !== 'rejected') as [TruthContract, StoredContract][];
  const entity = pairwise(withSupplier.map(([t, s]) => ({ truth: t.supplierEntityId!, predicted: s.supplierId === null ? `none:${s.id}` : String(s.supplierId) })));
  const group = pairwise(withSupplier.map(([t, s]) => ({ truth: t.supplierGroupId!, predicted: s.supplierGroupId === null || s.supplierGroupId === undefined ? `none:${s.id}` : String(s.supplierGroupId) })));
  console.log(`entity level: precision ${entity.precision.toFixed(3)} recall ${entity.recall.toFixed(3)} (${entity.pairsTrue} true pairs)`);
  console.log(`group level:  precision ${group.precision.toFixed(3)} recall ${group.recall.toFixed(3)} (${group.pairsTrue} true pairs)`);

  if (process.argv.includes('--explain')) explainSupplierGroups(withSupplier);

  console.log('\n== classification (imported contracts)');
  let labelled = 0;
  let labelledRight = 0;
  let itTotal = 0;
  let itCovered = 0;
  let products = 0;
  let productsRight = 0;
  for (const [t, s] of withAll(matched)) {
    const predicted = s.serviceCategory;
    if (t.category !== 'Not IT') {
      itTotal++;
      if (predicted && predicted !== 'Not IT') itCovered++;
    }
    if (predicted) {
      labelled++;
      if (predicted === t.category) labelledRight++;
    }
    if (s.product) {
      products++;
      if (t.product && s.product.toLowerCase() === t.product.toLowerCase()) productsRight++;
    }
  }
  if (process.argv.includes('--explain')) {
    // The commonest confusions, each with an example title, to see which rule misfires.
    const confusions = new Map<string, { n: number; example: string }>();
    for (const [t, s] of withAll(matched)) {
      if (!s.serviceCategory || s.serviceCategory === t.category) continue;
      const key = `${t.category} -> ${s.serviceCategory}`;
      const seen = confusions.get(key);
      if (seen) seen.n++;
      else confusions.set(key, { n: 1, example: `${t.title} (${t.file}:${t.line})` });
    }
    for (const [key, { n, example }] of [...confusions].sort((a, b) => b[1].n - a[1].n).slice(0, 15)) console.log(`  ${String(n).padStart(4)} ${key}: e.g. ${example}`);
  }
  console.log(`category precision ${pct(labelledRight, labelled)} of ${labelled} labelled · IT contracts given a category ${pct(itCovered, itTotal)} · product precision ${pct(productsRight, products)} of ${products}`);

  console.log('\n== planted groups (found whole in one collaborative opportunity)');
  const idOf = new Map<TruthContract, number>();
  for (const [t, s] of withAll(matched)) idOf.set(t, s.id);
  let whole = 0;
  for (const g of set.plantedGroups) {
    const ids = g.members.map((m) => idOf.get(set.contracts.find((c) => c.file === m.file && c.line === m.line)!)).filter((id): id is number => id !== undefined);
    const hit = ids.length === g.members.length && opportunities.find((o) => ids.every((id) => o.contracts.some((c) => c.id === id)));
    const best = Math.max(0, ...opportunities.map((o) => ids.filter((id) => o.contracts.some((c) => c.id === id)).length));
    if (hit) whole++;
    console.log(`  ${g.id} (${g.basis}, ${g.councils.length} councils): ${hit ? 'found whole' : `not whole (best opportunity holds ${best} of ${g.members.length})`}`);
    if (!hit && process.argv.includes('--explain')) explainMiss(g, set.contracts, matched, opportunities);
  }
  console.log(`planted groups found whole: ${whole} of ${set.plantedGroups.length} · collaborative opportunities: ${opportunities.length}`);

  if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  console.log('\n== real data (hand-labelled, test/fixtures/real-labels)');
  for (const line of evaluateRealData(ROOT)) console.log(line);
}

function withAll(m: Map<TruthContract, StoredContract | 'rejected' | null>): [TruthContract, StoredContract][] {
  return [...m].filter(([, s]) => s && s !== 'rejected') as [TruthContract, StoredContract][];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
