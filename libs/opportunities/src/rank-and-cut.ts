import type { CollaborativeOpportunity } from './collaborative';

/** What makes a collaborative finding worth an analyst's time (settings, passed in). */
export interface CutRules {
  /** Councils a finding must name (2: buying together needs two). */
  minCouncils: number;
  /**
   * Combined annual value (£) a finding must reach. A finding whose contracts give no value at
   * all (combined value 0) is kept: unknown is not small, and registers often leave value blank.
   */
  minAnnualValue: number;
  /**
   * Share of the smaller finding's contracts that must also be in a stronger finding with the same
   * councils for the two to be one finding (0.5: mostly the same contracts).
   */
  overlap?: number;
}

/** A weaker finding folded into a stronger one: kept as a pointer, so the analyst sees it was considered. */
export interface MergedFinding {
  id: string;
  label: string;
  windowFrom: string;
  windowTo: string;
  contracts: number;
  annualValue: number;
}

export type RankedOpportunity = CollaborativeOpportunity & { merged?: MergedFinding[] };

export interface CutResult {
  kept: RankedOpportunity[];
  /** Below the councils or value threshold. */
  cut: number;
  /** Folded into a stronger finding with the same councils. */
  merged: number;
}

const byStrength = (a: CollaborativeOpportunity, b: CollaborativeOpportunity) =>
  b.score - a.score || b.annualValue - a.annualValue || b.contractIds.length - a.contractIds.length || (a.id < b.id ? -1 : 1);

/**
 * Ranks collaborative findings strongest first, cuts those below the councils or value threshold,
 * and folds near-duplicates (the same councils over mostly the same contracts, as several category
 * windows over one dense category give) into the strongest of them. The kept finding is unchanged
 * (same contracts, same plan, so the same id and the same triage); what it absorbed is listed in
 * `merged` and one line of `why`.
 *
 * @example
 * // Two windows of "Hosting" over Fife and Angus sharing 9 of 10 contracts, and one £3,000 finding:
 * rankAndCut([hostingA, hostingB, tiny], { minCouncils: 2, minAnnualValue: 10_000 })
 * // → { kept: [hostingA (merged: [hostingB])], cut: 1, merged: 1 }
 */
export function rankAndCut(findings: readonly CollaborativeOpportunity[], rules: CutRules): CutResult {
  const share = rules.overlap ?? 0.5;
  const kept: RankedOpportunity[] = [];
  // The kept findings by their councils, each with its contracts as a set: near-duplicates share councils.
  const byCouncils = new Map<string, { finding: RankedOpportunity; contracts: Set<number> }[]>();
  let cut = 0;
  let merged = 0;
  for (const f of [...findings].sort(byStrength)) {
    if (f.councils.length < rules.minCouncils || (f.annualValue > 0 && f.annualValue < rules.minAnnualValue)) {
      cut++;
      continue;
    }
    const key = f.councils.join(' ');
    const peers = byCouncils.get(key) ?? [];
    // Near-duplicates overlap: findings with the same councils and no contract in common stay apart, whatever the share asked.
    const stronger = peers.find((p) => {
      const s = sharedShare(p.contracts, f.contractIds);
      return s > 0 && s >= share;
    });
    if (stronger) {
      absorb(stronger.finding, f);
      merged++;
      continue;
    }
    const copy: RankedOpportunity = { ...f };
    kept.push(copy);
    peers.push({ finding: copy, contracts: new Set(f.contractIds) });
    byCouncils.set(key, peers);
  }
  return { kept, cut, merged };
}

/** Share of `ids` already in `contracts` (of the weaker finding's contracts: it is the one absorbed). */
function sharedShare(contracts: Set<number>, ids: readonly number[]): number {
  let shared = 0;
  for (const id of ids) if (contracts.has(id)) shared++;
  return ids.length === 0 ? 0 : shared / ids.length;
}

function absorb(into: RankedOpportunity, weaker: CollaborativeOpportunity): void {
  const list = (into.merged = [...(into.merged ?? []), {
    id: weaker.id, label: weaker.label, windowFrom: weaker.windowFrom, windowTo: weaker.windowTo, contracts: weaker.contractIds.length, annualValue: weaker.annualValue,
  }]);
  const line = `${list.length === 1 ? 'one similar finding' : `${list.length} similar findings`} over mostly the same contracts and the same councils merged into this one`;
  const why = into.why.filter((w) => !/ similar findings? over mostly the same contracts/.test(w));
  into.why = [...why, line];
}

/**
 * How many findings, read strongest first, an analyst must read to have seen `share` of the
 * aligned value: the value of every distinct contract any finding holds (a contract in two
 * findings counts once). `valueOf` gives a contract's annual value (0 when unknown).
 *
 * @example readsToCover(ranked, (id) => values.get(id) ?? 0, 0.8) // → 12 (of 140 findings)
 */
export function readsToCover(findings: readonly CollaborativeOpportunity[], valueOf: (contractId: number) => number, share = 0.8): number {
  const all = new Set<number>();
  for (const f of findings) for (const id of f.contractIds) all.add(id);
  let total = 0;
  for (const id of all) total += valueOf(id);
  if (total <= 0) return 0;
  const seen = new Set<number>();
  let covered = 0;
  for (let i = 0; i < findings.length; i++) {
    for (const id of findings[i].contractIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      covered += valueOf(id);
    }
    if (covered >= share * total - 1e-6) return i + 1;
  }
  return findings.length;
}
