export interface CouncilRecord {
  code: string;
  name: string;
  shortName: string;
  nation: string;
  aliases: string[];
}

export type CouncilMatch =
  | { kind: 'found'; code: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; codes: string[] };

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

  constructor(records: CouncilRecord[]) {
    for (const record of records) {
      this.byCode.set(record.code.toUpperCase(), record);
      for (const name of [record.name, record.shortName, ...record.aliases]) this.add(councilKey(name), record.code);
    }
  }

  private add(key: string, code: string): void {
    if (!key) return;
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
    const codes = new Set<string>();
    for (const h of kept) for (const c of h.codes) codes.add(c);
    return [...codes];
  }
}
