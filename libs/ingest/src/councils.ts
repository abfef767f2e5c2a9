export interface CouncilRecord {
  code: string;
  name: string;
  shortName: string;
  nation: string;
  aliases: string[];
  /** Day the council was abolished or merged, for councils that no longer exist (`YYYY-MM-DD`). */
  endDate?: string | null;
  /** GSS codes of the councils that took its place. */
  successors?: string[];
}

export type CouncilMatch =
  | { kind: 'found'; code: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; codes: string[] };

/**
 * A buyer named in a register's row: one council (perhaps with a department, a trading arm or an
 * agent acting for it, or a council since abolished: `note` says what was assumed), several councils
 * buying jointly (the first named leads), or none.
 */
export type BuyerMatch =
  | { kind: 'found'; code: string; note?: string }
  | { kind: 'joint'; codes: string[]; note: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; codes: string[] };

/** Words that only say what kind of council it is. */
const COUNCIL_WORDS = new Set(['council', 'councils', 'borough', 'county', 'city', 'district', 'metropolitan', 'comhairle', 'unitary', 'royal', 'london']);
const CORE_FILLER = new Set(['the', 'council', 'borough', 'district', 'county', 'city', 'of', 'metropolitan', 'royal', 'unitary', 'authority', 'ua']);

/** A council's name without the words for its kind: `"North East Lincolnshire Borough Council"` → `"north east lincolnshire"`. */
export function councilCoreKey(name: string): string {
  return councilKey(name).split(' ').filter((w) => !CORE_FILLER.has(w)).join(' ');
}

const GSS = /(?<![A-Za-z0-9])([ENSWK]\d{8})(?![0-9])/i;
const FILLER = new Set(['the', 'council', 'borough', 'district', 'county', 'city', 'of', 'metropolitan', 'royal', 'and', 'comhairle', 'nan']);

/** Folds a council name: `"The Highland Council"` → `"highland council"`. */
export function councilKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/^the /, '')
    .trim();
}

/**
 * Finds councils by GSS code, official name or a known alternative spelling.
 * Example: `directory.resolve('glasgow city coucil')` gives `{ kind: 'found', code: 'S12000049' }`.
 */
export class CouncilDirectory {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byCode = new Map<string, CouncilRecord>();
  private readonly byCore = new Map<string, Set<string>>();

  constructor(records: CouncilRecord[]) {
    // Current councils first, so that a name shared with a council abolished since finds the current one.
    const ordered = [...records].sort((a, b) => Number(!!a.endDate) - Number(!!b.endDate));
    for (const record of ordered) {
      this.byCode.set(record.code.toUpperCase(), record);
      for (const name of [record.name, record.shortName, ...record.aliases]) {
        this.add(councilKey(name), record.code, !!record.endDate);
        const core = councilCoreKey(name);
        if (core.length >= 3) {
          const codes = this.byCore.get(core) ?? new Set<string>();
          codes.add(record.code.toUpperCase());
          this.byCore.set(core, codes);
        }
      }
    }
  }

  private add(key: string, code: string, former = false): void {
    if (!key) return;
    // A former council's old name is not allowed to make a current council's name ambiguous.
    if (former && this.byKey.has(key) && [...this.byKey.get(key)!].some((c) => !this.byCode.get(c)?.endDate)) return;
    const codes = this.byKey.get(key) ?? new Set<string>();
    codes.add(code.toUpperCase());
    this.byKey.set(key, codes);
  }

  get(code: string): CouncilRecord | undefined {
    return this.byCode.get(code.toUpperCase());
  }

  all(): CouncilRecord[] {
    return [...this.byCode.values()];
  }

  /** A council named by a cell or a form field: a GSS code, a name or an alternative spelling. */
  resolve(text: string): CouncilMatch {
    const trimmed = text.trim();
    if (!trimmed) return { kind: 'none' };
    if (/^[ENSWK]\d{8}$/i.test(trimmed)) {
      return this.byCode.has(trimmed.toUpperCase()) ? { kind: 'found', code: trimmed.toUpperCase() } : { kind: 'none' };
    }
    const key = councilKey(trimmed);
    const exact = this.byKey.get(key) ?? this.byKey.get(key.replace(/ council$/, ''));
    if (exact) return exact.size === 1 ? { kind: 'found', code: [...exact][0] } : { kind: 'ambiguous', codes: [...exact] };
    // Joint buyers ("Blackpool Council and Wyre Council") name more than one council: never pick one.
    const inside = this.namedWithin(key);
    if (inside.length > 1) return { kind: 'ambiguous', codes: inside };
    return { kind: 'none' };
  }

  /**
   * The council or councils a register's buyer cell names. Beyond `resolve`: official variants
   * ("North East Lincolnshire Borough Council"), a department or trading arm after the name
   * ("Blackpool Borough Council Trading Standards", "Kent County Council (T/a LASER)"), an agent
   * "on behalf of" a council, councils abolished since (with their successors in the note), and
   * joint buyers ("Blackpool Council and Wyre Council" → both, Blackpool leading). A name that
   * merely contains a place ("NHS Highland") is not a council.
   * Example: `resolveBuyer('Chorley Council and South Ribble Borough Council')` gives
   * `{ kind: 'joint', codes: ['E07000118', 'E07000126'], note: … }`.
   */
  resolveBuyer(text: string): BuyerMatch {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!trimmed) return { kind: 'none' };
    const agent = /^(.+?)\s+(?:on behalf of|acting for|for and on behalf of|obo)\s+(.+)$/i.exec(trimmed);
    if (agent) {
      const inner = this.resolveBuyer(agent[2]);
      if (inner.kind === 'found') return { kind: 'found', code: inner.code, note: this.joinNotes(`"${agent[1]}" bought on behalf of the council`, inner.note) };
      if (inner.kind === 'joint') return inner;
    }
    const direct = this.resolve(trimmed);
    if (direct.kind === 'found') return this.withFormerNote(direct.code);
    const key = councilKey(trimmed);
    const core = this.byCore.get(councilCoreKey(trimmed));
    const prefixed = !core && direct.kind === 'none' && key.split(' ').some((w) => COUNCIL_WORDS.has(w)) ? this.coreByPrefix(councilCoreKey(trimmed)) : null;
    if (prefixed) return this.withFormerNote(prefixed, `read as ${this.byCode.get(prefixed)?.name ?? prefixed} (the first words of its name)`);
    if (direct.kind === 'none' && core) {
      if (core.size === 1) {
        const code = [...core][0];
        return this.withFormerNote(code, `read as ${this.byCode.get(code)?.name ?? code} (another form of its name)`);
      }
      return { kind: 'ambiguous', codes: [...core] };
    }
    // "Babergh and Mid Suffolk District Councils": a plural names every place in it as a council.
    const plural = /\bcouncils\b/.test(key);
    const hits = this.hitsWithin(key).filter((h) => plural || this.isCouncilHit(h, key));
    if (plural && hits.length === 1) return { kind: 'none' };
    const codes: string[] = [];
    for (const h of hits) for (const c of h.codes) if (!codes.includes(c)) codes.push(c);
    if (hits.some((h) => h.codes.size > 1)) return { kind: 'ambiguous', codes };
    // …but a company named after places ("Luton and Kent Commercial Services LLP") is not the councils.
    if (codes.length <= 1 && /\b(joint|jointly|and|shared)\b|[&\/,]/.test(key) && !/\b(ltd|limited|llp|plc|services|commercial|t a|trading|company|partnership|trust|cic)\b/.test(key)) {
      // "ORKNEY ISLANDS & SHETLAND ISLANDS (JOINT PROCUREMENT)": whole council names joined, without the word council.
      const joined = this.hitsWithin(key).filter((h) => h.codes.size === 1);
      const all: string[] = [];
      for (const h of joined) for (const c of h.codes) if (!all.includes(c)) all.push(c);
      if (all.length > 1) {
        const names = all.map((c) => `${this.byCode.get(c)?.name ?? c} (${c})`).join(', ');
        return { kind: 'joint', codes: all, note: `a joint contract of ${names}; ${this.byCode.get(all[0])?.name ?? all[0]} is named first and leads` };
      }
    }
    if (codes.length > 1) {
      const names = codes.map((c) => `${this.byCode.get(c)?.name ?? c} (${c})`).join(', ');
      return { kind: 'joint', codes, note: `a joint contract of ${names}; ${this.byCode.get(codes[0])?.name ?? codes[0]} is named first and leads` };
    }
    if (codes.length === 1) {
      const hit = hits[0];
      const rest = key.slice(hit.start + hit.key.length).trim();
      const before = key.slice(0, Math.max(0, hit.start - 1)).trim();
      const extra = [before, rest].filter(Boolean).join(' … ');
      const name = this.byCode.get(codes[0])?.name ?? codes[0];
      const misspeltCouncil = /^(c[a-z]{4,7}l|co[a-z]{3,6})$/.test(extra) && !before;
      return this.withFormerNote(codes[0], !extra ? undefined : misspeltCouncil ? `read as ${name} ("${extra}" read as "council")` : `read as ${name}; "${extra}" taken as a department or trading name of the council`);
    }
    return direct.kind === 'ambiguous' ? direct : { kind: 'none' };
  }

  /** The one council whose name without its kind begins with these words ("stockton" → Stockton-on-Tees), if only one does. */
  private coreByPrefix(core: string): string | null {
    if (core.length < 4 || core.includes(' and ')) return null;
    const found = new Set<string>();
    for (const [k, codes] of this.byCore) if (k.startsWith(`${core} `)) for (const c of codes) found.add(c);
    return found.size === 1 ? [...found][0] : null;
  }

  private joinNotes(a: string | undefined, b: string | undefined): string | undefined {
    return [a, b].filter(Boolean).join('; ') || undefined;
  }

  private withFormerNote(code: string, note?: string): BuyerMatch {
    const record = this.byCode.get(code);
    if (!record?.endDate) return note ? { kind: 'found', code, note } : { kind: 'found', code };
    const [y, m, d] = record.endDate.split('-');
    const successors = (record.successors ?? []).map((c) => `${this.byCode.get(c)?.name ?? c} (${c})`).join(' and ');
    const former = `${record.name} was abolished on ${d}/${m}/${y}${successors ? `; its successor${(record.successors ?? []).length > 1 ? 's are' : ' is'} ${successors}` : ''}; the contract is kept under ${record.name} (${code})`;
    return { kind: 'found', code, note: this.joinNotes(note, former) };
  }

  /** A name found inside a buyer cell counts as a council when it says it is one, or the next word does. */
  private isCouncilHit(hit: { key: string; start: number }, text: string): boolean {
    if (hit.key.split(' ').some((w) => COUNCIL_WORDS.has(w))) return true;
    const next = text.slice(hit.start + hit.key.length).trim().split(' ')[0];
    return COUNCIL_WORDS.has(next);
  }

  /**
   * Councils a file name names: a GSS code, else council names as whole words, the
   * longest winning where one contains another ("wyre forest" over "wyre").
   */
  resolveFileName(fileName: string): CouncilMatch {
    const gss = GSS.exec(fileName);
    if (gss && this.byCode.has(gss[1].toUpperCase())) return { kind: 'found', code: gss[1].toUpperCase() };
    const base = fileName.replace(/\.[a-z0-9]+$/i, '').replace(/[_\-.]+/g, ' ');
    const found = this.namedWithin(councilKey(base));
    if (found.length === 1) return { kind: 'found', code: found[0] };
    return found.length > 1 ? { kind: 'ambiguous', codes: found } : { kind: 'none' };
  }

  private namedWithin(key: string): string[] {
    const codes = new Set<string>();
    for (const h of this.hitsWithin(key)) for (const c of h.codes) codes.add(c);
    return [...codes];
  }

  /** Names of councils found as whole words in a text, in the order they appear, the longest where one contains another. */
  private hitsWithin(key: string): { key: string; start: number; codes: Set<string> }[] {
    const padded = ` ${key} `;
    const hits: { key: string; start: number; codes: Set<string> }[] = [];
    for (const [alias, codes] of this.byKey) {
      const words = alias.split(' ');
      if (words.every((w) => FILLER.has(w)) || alias.length < 4) continue;
      const start = padded.indexOf(` ${alias} `);
      if (start >= 0) hits.push({ key: alias, start, codes });
    }
    // Drop hits covered by a longer hit ("wyre" inside "wyre forest").
    const kept = hits.filter((h) => !hits.some((o) => o !== h && o.key.length > h.key.length && o.start <= h.start && o.start + o.key.length >= h.start + h.key.length));
    return kept.sort((a, b) => a.start - b.start);
  }
}

/**
 * Councils from mySociety's register of UK local authorities (one object per CSV row, keyed by
 * its header), current and abolished: an abolished council keeps its GSS code and names, with
 * the day it ended and the GSS codes of its successors (its `replaced-by` register codes).
 * Example: Cumbria County Council (E10000006) ended on 2023-04-01, succeeded by Cumberland and
 * Westmorland and Furness.
 */
export function councilRecordsFromReference(rows: Record<string, string>[]): CouncilRecord[] {
  const gssByRegisterCode = new Map<string, string>();
  for (const r of rows) if (r['gss-code'] && r['local-authority-code']) gssByRegisterCode.set(r['local-authority-code'].trim(), r['gss-code'].trim().toUpperCase());
  return rows
    .filter((r) => r['gss-code'])
    .map((r) => {
      const record: CouncilRecord = {
        code: r['gss-code'].trim().toUpperCase(),
        name: r['official-name'].trim(),
        shortName: r['nice-name'].trim(),
        nation: r['nation'].trim(),
        aliases: (r['alt-names'] ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      };
      const ended = (r['end-date'] ?? '').trim();
      if (ended) {
        record.endDate = ended;
        record.successors = (r['replaced-by'] ?? '').split(',').map((c) => gssByRegisterCode.get(c.trim())).filter((c): c is string => !!c);
      }
      return record;
    });
}
