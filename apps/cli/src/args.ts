export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string[]>;
}

const BOOLEAN = new Set(['json', 'help', 'timings', 'all', 'force']);

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
