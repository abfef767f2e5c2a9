import type { MatchRule, SupplierObservation, SupplierRelationship } from './cluster';
import { Components, deletions, pairKey } from './key-components';
import { coreTokens, keyOfTokens, spelledTokens, supplierKey, withoutNoise } from './names';
import { compareNames } from './slips';
import { companyNumber, readSupplierCell } from './supplier-cell';

/** What the observations say: names and numbers by key, the words of each key as written, and the facts cells state. */
export class Observed {
  readonly namesByKey = new Map<string, Map<string, number>>();
  readonly numbersByKey = new Map<string, Map<string, number>>();
  /** Each key's core tokens in written order (one key can be written in several orders). */
  readonly forms = new Map<string, string[][]>();
  /** Keys of names a register cut short. */
  readonly cut = new Set<string>();
  /** Other names of one company given in cells, with the keys that claimed them. */
  readonly otherNames = new Map<string, { rule: MatchRule; claimedBy: Set<string> }>();
  /** "X (part of Y)": group facts stated in cells. */
  readonly parents: SupplierRelationship[] = [];
  /** Keys joined as the misspelt side of a typo: their spellings name a supplier only when used more. */
  readonly slipped = new Set<string>();
  /** The supplier each name as written was read as. */
  readonly primaryOf = new Map<string, string>();
  /** Each key's core tokens in written order, as the group step wants them. */
  readonly coreForms = new Map<string, string[][]>();

  constructor(private readonly parts: Components) {}

  addForm(key: string, tokens: string[]): void {
    const list = this.forms.get(key) ?? [];
    if (!list.some((f) => f.join(' ') === tokens.join(' '))) list.push(tokens);
    this.forms.set(key, list);
  }

  add(o: SupplierObservation): void {
    const cell = readSupplierCell(o.name);
    const spelled = spelledTokens(cell.primary);
    const core = withoutNoise(spelled);
    const key = keyOfTokens(core);
    if (!key) return;
    this.primaryOf.set(o.name, cell.primary);
    const known = this.coreForms.get(key) ?? [];
    if (!known.some((f) => f.join(' ') === core.join(' '))) known.push(core);
    this.coreForms.set(key, known);
    const count = o.count ?? 1;
    const names = this.namesByKey.get(key) ?? new Map<string, number>();
    names.set(o.name, (names.get(o.name) ?? 0) + count);
    this.namesByKey.set(key, names);
    this.parts.add(key);
    this.addForm(key, core);
    if (spelled.length !== core.length) this.addForm(key, spelled);
    const number = companyNumber(o.companyNumber);
    if (number) {
      const numbers = this.numbersByKey.get(key) ?? new Map<string, number>();
      numbers.set(number, (numbers.get(number) ?? 0) + count);
      this.numbersByKey.set(key, numbers);
    }
    for (const a of cell.annotations) {
      if (a.kind === 'parent') {
        this.parents.push({ kind: 'group', name: cell.primary, target: a.name });
        continue;
      }
      const other = supplierKey(a.name);
      if (!other || other === key) continue;
      const seen = this.otherNames.get(other) ?? { rule: a.kind === 'trading' ? 'trading-name' : 'former-name', claimedBy: new Set<string>() };
      seen.claimedBy.add(key);
      this.otherNames.set(other, seen);
      this.addForm(other, coreTokens(a.name));
    }
    if (cell.cutName) this.cut.add(supplierKey(cell.cutName));
  }
}

/**
 * Keys that may be one slip apart: the same letters without spaces, one deletion apart (which
 * finds every pair one edit apart and most two), or sharing a rare word.
 */
export function candidatePairs(forms: Map<string, string[][]>): Map<string, [string, string]> {
  const pairs = new Map<string, [string, string]>();
  const link = (buckets: Map<string, string[]>) => {
    for (const keys of buckets.values()) {
      if (keys.length < 2 || keys.length > 50) continue;
      for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) if (keys[i] !== keys[j]) pairs.set(pairKey(keys[i], keys[j]), [keys[i], keys[j]]);
    }
  };
  const byDeletion = new Map<string, string[]>();
  const byWord = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, k: string, key: string) => {
    const list = map.get(k);
    if (!list) map.set(k, [key]);
    else if (list[list.length - 1] !== key) list.push(key);
  };
  for (const [key, list] of forms) {
    for (const f of list) {
      const compact = f.join('');
      // The spelling with "the"/"and" kept is only there to meet its own spacing ("TheOpen University").
      const spelled = f.includes('the') || f.includes('and');
      if (compact.length >= 4) for (const d of compact.length >= 5 && !spelled ? deletions(compact) : [compact]) push(byDeletion, d, key);
      if (spelled) continue;
      for (const t of f) if (t.length >= 4) push(byWord, t, key);
    }
  }
  link(byDeletion);
  // A word shared by a few keys only: two slips in one word of a longer name ("Willmott" / "Wilmot").
  for (const [word, keys] of byWord) if (keys.length > 20) byWord.delete(word);
  link(byWord);
  return pairs;
}

export function bestComparison(fa: string[][], fb: string[][]): ReturnType<typeof compareNames> {
  let best = { verdict: 'different' as ReturnType<typeof compareNames>['verdict'], score: 0 };
  const rank = { spacing: 3, typo: 2, near: 1, different: 0 };
  for (const a of fa) {
    for (const b of fb) {
      const c = compareNames(a, b);
      if (rank[c.verdict] > rank[best.verdict] || (rank[c.verdict] === rank[best.verdict] && c.score > best.score)) best = c;
    }
  }
  return best;
}
