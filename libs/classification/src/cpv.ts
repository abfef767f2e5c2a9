/** A CPV code prefix and the service category it stands for (data/catalogue/cpv-categories.csv). */
export interface CpvCategory {
  prefix: string;
  category: string;
  /** The CPV 2008 label of the prefix, quoted in reasons. */
  note: string;
}

/**
 * CPV 2008 (Regulation (EC) No 213/2008) codes that say IT: divisions 48 (software), 72 (IT
 * services), 30.2 (computer equipment), 32 (telecoms equipment) and group 64.2 (telecoms
 * services), plus photocopiers (30.12) and the maintenance and installation of computers,
 * networks and copiers (50.312, 50.313, 50.32, 51.61), which the taxonomy counts as IT.
 */
const IT_PREFIXES = ['48', '72', '302', '32', '642', '3012', '50312', '50313', '5032', '51610'];
/**
 * Codes inside those divisions that councils also use for things that are not IT: broadcasting,
 * television, audio-visual and CCTV equipment, microphones, intercoms and telemetry (32.21-32.24,
 * 32.3, 32.44); project-management and business-analysis consultancy (72.224, 72.221), chosen
 * for building projects too. They say IT only beside other evidence.
 */
const WEAK_PREFIXES = ['3221', '3222', '3223', '3224', '323', '32440', '72224', '72221'];

/** Divisions named in reasons, as councils' procurement teams know them. */
export const IT_DIVISIONS_TEXT = '48, 72, 30.2, 32, 64.2';

const CODE = /(?<!\d)(\d{8})(?:-\d)?(?!\d)/g;

/** The 8-digit CPV codes in a cell ("48000000-8; 72000000", "48000000 72000000 "), check digits dropped, in order. */
export function cpvCodes(cell: string | null): string[] {
  if (!cell) return [];
  return [...new Set([...cell.matchAll(CODE)].map((m) => m[1]))];
}

const startsWithAny = (code: string, prefixes: string[]) => prefixes.some((p) => code.startsWith(p));

/** What a contract's CPV codes say. */
export interface CpvReading {
  codes: string[];
  /**
   * it: IT codes, at least half of them (or every code in an IT division); mixed: IT codes among more
   * codes of other divisions (frameworks and DPSs list dozens); weak: only codes that councils also
   * use for non-IT purchases; not-it: no code in an IT division; none: no code.
   */
  verdict: 'it' | 'mixed' | 'weak' | 'not-it' | 'none';
  /** The most specific category the IT codes give, with the code and its label. */
  category: { label: string; code: string; note: string } | null;
  /** The first IT code with its label, for reasons. */
  first: { code: string; note: string } | null;
}

/** Reads CPV codes against the IT divisions and the prefix map (longest prefix wins). */
export class CpvMap {
  private readonly byLength: CpvCategory[];

  constructor(categories: CpvCategory[]) {
    this.byLength = [...categories].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private match(code: string): CpvCategory | null {
    return this.byLength.find((c) => code.startsWith(c.prefix)) ?? null;
  }

  read(cell: string | null): CpvReading {
    const codes = cpvCodes(cell);
    if (codes.length === 0) return { codes, verdict: 'none', category: null, first: null };
    const inIt = codes.filter((c) => startsWithAny(c, IT_PREFIXES));
    const strong = inIt.filter((c) => !startsWithAny(c, WEAK_PREFIXES));
    const others = codes.length - inIt.length;
    const verdict = strong.length === 0 ? (inIt.length > 0 ? (others === 0 ? 'weak' : 'mixed') : 'not-it') : others === 0 || strong.length * 2 >= codes.length ? 'it' : 'mixed';
    // The category comes from the main code's division: a DPS listing 72… then 64212… is not about mobiles.
    let category: CpvReading['category'] = null;
    let best = -1;
    for (const code of strong.filter((c) => c.slice(0, 2) === strong[0]?.slice(0, 2))) {
      const m = this.match(code);
      if (m && m.prefix.length > best) [category, best] = [{ label: m.category, code, note: m.note }, m.prefix.length];
    }
    const firstCode = strong[0] ?? inIt[0];
    const first = firstCode ? { code: firstCode, note: this.match(firstCode)?.note ?? 'IT division' } : null;
    return { codes, verdict, category, first };
  }
}
