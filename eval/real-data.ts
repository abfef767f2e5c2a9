import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Classifier } from '@app/classification';
import { CouncilDirectory, councilRecordsFromReference, namesSupplier } from '@app/ingest';
import { readCatalogue, readSupplierRelationships } from '@app/persistence';
import { clusterSuppliers, pairwiseScores } from '@app/suppliers';

// Scores the classifier, supplier matching and council names on real Contracts Finder data
// (../shared/data/public, OGL) hand-labelled in test/fixtures/real-labels. The labels were made by
// reading each row, without the code; see test/fixtures/real-labels/README.md.

const csv = (file: string): Record<string, string>[] => parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, relax_column_count: true });

/** Where the public files are: beside a clone (../shared) or inside the repository's own copy. */
export function publicDir(root: string): string | null {
  for (const dir of [path.join(root, 'test/fixtures/public'), path.join(root, '../shared/data/public')]) if (fs.existsSync(dir)) return dir;
  return null;
}

interface PublicRow {
  title: string | null;
  description: string | null;
  supplierName: string | null;
  cpv: string | null;
  category: string | null;
}

/** Every row the labels may name, by "<file>\u0000<id>". */
export function publicRows(dir: string): Map<string, PublicRow> {
  const out = new Map<string, PublicRow>();
  for (const file of fs.readdirSync(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith('_notices.json')) {
      const json = JSON.parse(fs.readFileSync(full, 'utf8')) as { contracts: Record<string, unknown>[] };
      for (const c of json.contracts) {
        out.set(`${file}\u0000${c.id}`, {
          title: (c.title as string) ?? null, description: (c.description as string) ?? null, supplierName: (c.awarded_supplier as string) || null,
          cpv: Array.isArray(c.cpv_codes) ? (c.cpv_codes as string[]).join(' ') : ((c.cpv_codes as string) ?? null), category: null,
        });
      }
    } else if (file === 'contracts_finder_open_notices_export_2025-11.csv') {
      for (const r of csv(full)) {
        out.set(`${file}\u0000${r['Notice Identifier']}`, { title: r.Title || null, description: r.Description || null, supplierName: null, cpv: r['Cpv Codes'] || null, category: null });
      }
    } else if (file === 'contracts_finder_council_waste_energy_contracts_2022.csv') {
      const seen = new Map<string, PublicRow>();
      for (const r of csv(full)) {
        const key = `${file}\u0000${r.release_id}`;
        const prior = seen.get(key);
        if (prior) prior.cpv = `${prior.cpv ?? ''} ${r.classification_id}`.trim();
        else seen.set(key, { title: r.tender_title || null, description: r.tender_description || null, supplierName: null, cpv: r.classification_id || null, category: null });
      }
      for (const [k, v] of seen) out.set(k, v);
    }
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a product the classifier named is the one the label gives. The labels name products from
 * the LGAM catalogue only; for a product this project added (ids not lgam-*), the labeller wrote the
 * product's name in the note instead ("SIMS school MIS (Capita); not the catalogued Capita One").
 */
export function productAgrees(label: { product?: string; note?: string }, k: { product: string | null; productId: string | null }): boolean {
  if (!k.product) return false;
  if (label.product) return label.product.trim().toLowerCase() === k.product.toLowerCase();
  return !k.productId?.startsWith('lgam-') && new RegExp(`\\b${escapeRegExp(k.product)}\\b`, 'i').test(label.note ?? '');
}

/** A share as a percentage with one decimal, or n/a. */
export const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/** How many misses of each kind the report lists (EVAL_SHOW_MISSES=n to see more). */
const SHOW = Number(process.env.EVAL_SHOW_MISSES) || 30;

/** The lines of the real-data report. */
export function evaluateRealData(root: string): string[] {
  const labels = path.join(root, 'test/fixtures/real-labels');
  const dir = publicDir(root);
  if (!fs.existsSync(labels) || !dir) return ['(no labels or public files found; skipped)'];
  const lines: string[] = [];
  const dataDir = path.join(root, 'data');

  // Classification.
  const catalogue = readCatalogue(dataDir);
  const classifier = new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy);
  const rows = publicRows(dir);
  let given = 0;
  let givenRight = 0;
  let notItCalls = 0;
  let notItRight = 0;
  let it = 0;
  let itCovered = 0;
  let products = 0;
  let productsRight = 0;
  let productsOutside = 0;
  let missing = 0;
  const wrong: string[] = [];
  for (const l of csv(path.join(labels, 'classification-labels.csv'))) {
    const row = rows.get(`${l.source_file}\u0000${l.source_id}`);
    if (!row) {
      missing++;
      continue;
    }
    const k = classifier.classify({ ...row, supplierName: l.supplier || row.supplierName });
    const predicted = k.serviceCategory;
    const labelIt = l.is_it === 'yes';
    if (labelIt) {
      it++;
      if (predicted && predicted !== 'Not IT') itCovered++;
    }
    if (predicted === 'Not IT') {
      notItCalls++;
      if (!labelIt) notItRight++;
    } else if (predicted) {
      given++;
      if (predicted === l.category) givenRight++;
      else if (wrong.length < SHOW) wrong.push(`${l.source_id.slice(0, 12)} "${(row.title ?? '').slice(0, 60)}": ${predicted} (label ${l.category}) [${k.reason}]`);
    }
    if (k.product) {
      products++;
      if (productAgrees(l, k)) {
        productsRight++;
        if (!l.product) productsOutside++;
      }
      else if (wrong.length < SHOW) wrong.push(`${l.source_id.slice(0, 12)} "${(row.title ?? '').slice(0, 50)}": product ${k.product} (label ${l.product || 'none'})`);
    }
  }
  lines.push(`classification: IT category precision ${pct(givenRight, given)} of ${given} given · not-IT precision ${pct(notItRight, notItCalls)} of ${notItCalls} · IT contracts given a category ${pct(itCovered, it)} of ${it} · product precision ${pct(productsRight, products)} of ${products}${productsOutside ? ` (${productsOutside} outside the LGAM catalogue, judged by the labeller's note)` : ''}${missing ? ` · ${missing} labels without a source row` : ''}`);
  for (const w of wrong) lines.push(`  wrong: ${w}`);

  // Suppliers: every distinct real name, clustered as the register would.
  const supplierLabels = csv(path.join(labels, 'supplier-labels.csv')).filter((r) => r.entity && r.entity !== 'MULTIPLE');
  const realNames = supplierLabels.filter((r) => r.entity !== 'NOT_A_SUPPLIER');
  // As the register does: the importer keeps cells that name no supplier out (namesSupplier), the rest are clustered.
  const { clusters } = clusterSuppliers(supplierLabels.filter((r) => namesSupplier(r.raw_name)).map((r) => ({ name: r.raw_name })), { relationships: readSupplierRelationships(dataDir) });
  const clusterOf = new Map<string, { anchor: string; group: string }>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(m.name, { anchor: c.anchorKey, group: c.group ?? c.name });
  const score = (truth: (r: Record<string, string>) => string, predicted: (name: string) => string | undefined) => {
    const predictedOf = new Map<string, string>();
    for (const r of realNames) {
      const p = predicted(r.raw_name);
      if (p !== undefined) predictedOf.set(r.raw_name, p);
    }
    const s = pairwiseScores(new Map(realNames.map((r) => [r.raw_name, truth(r)])), predictedOf);
    return `precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} (${s.truePairs} true pairs)`;
  };
  lines.push(`suppliers (${realNames.length} real names): entity ${score((r) => r.entity, (n) => clusterOf.get(n)?.anchor)} · group ${score((r) => r.group || r.entity, (n) => clusterOf.get(n)?.group)}`);
  const notSuppliers = supplierLabels.filter((r) => r.entity === 'NOT_A_SUPPLIER');
  const keptAsSupplier = notSuppliers.filter((r) => clusterOf.has(r.raw_name));
  lines.push(`  not suppliers: ${notSuppliers.length - keptAsSupplier.length} of ${notSuppliers.length} kept out${keptAsSupplier.length ? ` (kept: ${keptAsSupplier.map((r) => r.raw_name).slice(0, 5).join('; ')})` : ''}`);

  // Councils as buyers name them.
  const reference = csv(path.join(dataDir, 'reference/uk_local_authorities_current.csv'));
  const directory = new CouncilDirectory(councilRecordsFromReference(reference));
  let right = 0;
  const buyerWrong: string[] = [];
  const buyers = csv(path.join(labels, 'buyer-labels.csv'));
  for (const b of buyers) {
    const want = (b.gss_codes ?? '').split(';').map((c) => c.trim()).filter(Boolean).sort().join(' ');
    const m = directory.resolveBuyer(b.raw_buyer.replace(/&amp;/g, '&'));
    const got = m.kind === 'found' ? m.code : m.kind === 'joint' ? [...m.codes].sort().join(' ') : '';
    if (got === want) right++;
    else if (buyerWrong.length < 8) buyerWrong.push(`"${b.raw_buyer}": ${got || 'none'} (label ${want || 'not a council'})`);
  }
  lines.push(`buyers: ${pct(right, buyers.length)} of ${buyers.length} distinct buyer names read as labelled`);
  for (const w of buyerWrong) lines.push(`  wrong: ${w}`);
  return lines;
}
