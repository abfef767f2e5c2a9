export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string[]>;
}

const BOOLEAN = new Set(['json', 'help', 'timings', 'all', 'force', 'no-analyse']);

/** `import a.csv b.csv --council Fife --json` → positional [import, a.csv, b.csv], flags {council:[Fife], json:['true']}. */
export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const value = inline ?? (BOOLEAN.has(name) ? 'true' : argv[++i]);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      (flags[name] ??= []).push(value);
    } else positional.push(arg);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags[name]?.at(-1);
}

export class UsageError extends Error {}

/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours) between two words. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `candidates` to a mistyped `word`, if one is close enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = c.startsWith(word) && word.length >= 3 ? 0.5 : distance(word.toLowerCase(), c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Refuses a flag the command does not take, naming the one that was probably meant: a mistyped --councl must not list every council. */
export function checkFlags(command: string, args: ParsedArgs, known: readonly string[]): void {
  for (const name of Object.keys(args.flags)) {
    if (name === 'help' || known.includes(name)) continue;
    const guess = closest(name, known);
    throw new UsageError(`unknown option --${name} for "${command}"${guess ? `: did you mean --${guess}?` : `; it takes ${known.map((k) => `--${k}`).join(', ') || 'no options'}`}`);
  }
}
