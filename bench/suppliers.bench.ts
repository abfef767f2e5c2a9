import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { clusterSuppliers, pairwiseScores, supplierKey, SupplierObservation, SupplierRelationship } from '@app/suppliers';

// npm run bench:suppliers
// 1. Quality: pairwise precision and recall of automatic matching on the hand-labelled gold set.
// 2. Scale: 25k, 50k and 100k distinct raw supplier names, normalised and clustered; beside the
//    baseline of keying alone (the exact-key grouping every approach needs, with no fuzzy step).
const DATA = path.resolve(__dirname, '../../data/suppliers');

function csv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(DATA, file)), { columns: true });
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const WORDS = (
  'acorn alba apex arden argyll ash aspen atlas aurora avon bay beacon birch bluebell bridge brook caledonian carron castle cedar ' +
  'clyde coast compass copper corran crown dale delta dunmore eden elm ember falcon fern forth fountain glen granite harbour heath ' +
  'highland holly iona iris ivy juniper kelvin kestrel lagan larch laurel leven linden loch lomond lowland maple marsh meadow merlin ' +
  'moray needle north oak orchid osprey pentland pine quarry raven ridge rowan saltire sandstone severn shore silver skye solway ' +
  'spey stirling stone summit tay teviot thistle tide tweed union valley vale wave west willow wren yarrow'
).split(' ');
const TRADES = 'software systems solutions digital networks telecom consulting services technology data cloud print facilities care'.split(' ');
const SUFFIXES = ['Ltd', 'Limited', 'LTD', 'Ltd.', 'plc', 'UK Ltd', '(UK) Limited', 'LLP', ''];

/** Distinct raw names: companies spelt several ways, with a few typos, as registers write them. */
function syntheticNames(n: number): { names: SupplierObservation[]; companyOf: Map<string, string> } {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const names = new Set<string>();
  const companyOf = new Map<string, string>();
  let company = 0;
  while (names.size < n) {
    company++;
    // Each company its own words: one from each third of the list and a trade, so no two
    // companies' names are the same words in another order (which would be one supplier).
    const third = Math.floor(WORDS.length / 3);
    let c = company;
    const w1 = WORDS[c % third];
    c = Math.floor(c / third);
    const w2 = WORDS[third + (c % third)];
    c = Math.floor(c / third);
    const trade = TRADES[c % TRADES.length];
    c = Math.floor(c / TRADES.length);
    const w3 = WORDS[2 * third + (c % third)];
    const base = `${w1} ${w2} ${trade} ${w3}`;
    const variants = 1 + Math.floor(random() * 4);
    for (let v = 0; v < variants && names.size < n; v++) {
      let name = `${base} ${pick(SUFFIXES)}`.trim();
      const style = random();
      if (style < 0.3) name = name.toUpperCase();
      else if (style < 0.7) name = name.replace(/\b\w/g, (c) => c.toUpperCase());
      if (random() < 0.1) {
        const at = 1 + Math.floor(random() * (name.length - 2));
        name = name.slice(0, at) + name.slice(at + 1); // a dropped letter
      }
      if (!names.has(name)) companyOf.set(name, String(company));
      names.add(name);
    }
  }
  return { names: [...names].map((name) => ({ name, count: 1 })), companyOf };
}

function main(): void {
  const gold = csv('gold-supplier-names.csv');
  const relationships: SupplierRelationship[] = csv('supplier-relationships.csv').map((r) => ({ kind: r.kind as SupplierRelationship['kind'], name: r.name, target: r.target || null }));
  let start = process.hrtime.bigint();
  const { clusters, suggestions } = clusterSuppliers(gold.map((r) => ({ name: r.name, companyNumber: r.company_number || null })), { relationships });
  const goldTime = seconds(start);
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(m.name, c.anchorKey);
  const scores = pairwiseScores(new Map(gold.map((r) => [r.name, r.entity])), clusterOf);
  console.log(`supplier matching benchmark; node ${process.version}`);
  console.log(`gold set: ${gold.length} names, ${new Set(gold.map((r) => r.entity)).size} suppliers, ${scores.truePairs} same-supplier pairs`);
  console.log(`  precision ${scores.precision.toFixed(3)} (target ≥ 0.99), recall ${scores.recall.toFixed(3)} (target ≥ 0.95), ${suggestions.length} suggestions for review, ${(goldTime * 1000).toFixed(0)} ms`);
  for (const [a, b] of scores.wrong) console.log(`  wrong merge: ${a} | ${b}`);
  for (const [a, b] of scores.missed) console.log(`  missed: ${a} | ${b}`);
  console.log('names   | keying alone (baseline) | keys + fuzzy + clusters | per 1k names | suppliers | suggestions | wrong merges (names) | pairwise recall');
  for (const n of [25_000, 50_000, 100_000]) {
    const { names, companyOf } = syntheticNames(n);
    start = process.hrtime.bigint();
    const keys = new Map<string, string[]>();
    for (const o of names) {
      const k = supplierKey(o.name);
      const list = keys.get(k);
      if (list) list.push(o.name);
      else keys.set(k, [o.name]);
    }
    const base = seconds(start);
    start = process.hrtime.bigint();
    const result = clusterSuppliers(names, { relationships });
    const full = seconds(start);
    // A name is wrongly merged when its supplier holds a name of another synthetic company.
    let wrong = 0;
    for (const c of result.clusters) {
      const companies = new Set(c.members.map((m) => companyOf.get(m.name)));
      if (companies.size > 1) {
        wrong += c.members.length;
        if (process.env.SHOW_WRONG && wrong < 40) console.log(c.members.map((m) => `${m.name} [${companyOf.get(m.name)} ${m.rule}]`).join(' | '));
      }
    }
    // Pairwise recall against the generator's truth: same-company pairs that ended in one supplier.
    const clusterOfName = new Map<string, number>();
    result.clusters.forEach((c, i) => c.members.forEach((m) => clusterOfName.set(m.name, i)));
    const byCompany = new Map<string, string[]>();
    for (const [name, co] of companyOf) byCompany.set(co, [...(byCompany.get(co) ?? []), name]);
    let pairs = 0;
    let found = 0;
    for (const list of byCompany.values()) {
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
        pairs++;
        if (clusterOfName.get(list[i]) === clusterOfName.get(list[j])) found++;
      }
    }
    console.log(`${n.toLocaleString('en-GB').padEnd(7)} | ${base.toFixed(2).padStart(21)} s | ${full.toFixed(2).padStart(21)} s | ${((full / n) * 1000 * 1000).toFixed(1).padStart(9)} ms | ${String(result.clusters.length).padStart(9)} | ${String(result.suggestions.length).padStart(11)} | ${String(wrong).padStart(20)} | ${(found / pairs).toFixed(3)}`);
  }
}

main();
