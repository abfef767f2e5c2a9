import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { Classifier } from '@app/classification';
import { loadConfig } from '@app/config';
import { categoryLandscapes, collaborativeOpportunities, platformCommunities, rankAndCut } from '@app/opportunities';
import { AnalysisReader, readCatalogue } from '@app/persistence';
import { DEFAULT_CUT_RULES } from '@app/analysis';
import type { DataSource } from 'typeorm';

// Phases of the analysis on a SQLite file opened read only (no migrations, no writes): read,
// compute, rank, landscapes, and making the stored bodies and their hashes (the store's CPU part).
// node dist/bench/profile-phases.js <file.sqlite> [today]
async function main(): Promise<void> {
  const file = process.argv[2];
  const today = process.argv[3] ?? '2026-11-30';
  const root = `${__dirname}/../..`;
  const config = loadConfig({ ...process.env, DATABASE_URL: `sqlite:${file}` }, root, root);
  const db = new Database(file, { readonly: true });
  const shim = { options: { type: 'better-sqlite3' }, driver: { databaseConnection: db }, query: async (sql: string) => db.prepare(sql).all() } as unknown as DataSource;
  const catalogue = readCatalogue(config.dataDir);
  const reader = new AnalysisReader(shim, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy), config.leadTimes);
  const times: Record<string, number> = {};
  let t = process.hrtime.bigint();
  const lap = (name: string) => {
    const now = process.hrtime.bigint();
    times[name] = Number(now - t) / 1e9;
    t = now;
  };
  const facts = await reader.readAllCouncils(today);
  lap('load');
  const councilNames = Object.fromEntries((db.prepare('SELECT code, short_name FROM councils').all() as { code: string; short_name: string }[]).map((c) => [c.code, c.short_name]));
  const found = collaborativeOpportunities(facts, { today, windowMonths: 12, councilNames });
  lap('compute');
  const { kept } = rankAndCut(found, DEFAULT_CUT_RULES);
  lap('rank');
  const platforms = platformCommunities(facts);
  const categories = categoryLandscapes(facts);
  lap('landscapes');
  const n = facts.length;
  facts.length = 0;
  let bytes = 0;
  // Every body in order, hashed: two builds giving the same digest found the same findings in the same order.
  const all = createHash('sha256');
  for (const f of [...kept, ...platforms, ...categories]) {
    const body = JSON.stringify(f);
    bytes += body.length;
    const hash = createHash('sha256').update(body).digest('hex');
    all.update(hash);
  }
  lap('bodies');
  console.log(JSON.stringify({ contracts: n, found: found.length, kept: kept.length, bodyMiB: Math.round(bytes / 2 ** 20), digest: all.digest('hex').slice(0, 16), times, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

void main();
