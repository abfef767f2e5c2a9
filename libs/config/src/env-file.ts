import * as fs from 'node:fs';
import * as path from 'node:path';
import { appRoot, ConfigError } from './app-config';

/**
 * Settings from a `.env` file, so the API, the worker and the CLI started in different terminals
 * share one DATABASE_URL, PORT and PUBLIC_URL. `KEY=value` lines, `export KEY=value` too, values
 * optionally in single or double quotes, `#` comments. A variable already in the environment wins.
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${file} line ${i + 1}: expected NAME=value, got "${line.slice(0, 60)}"`);
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    out[m[1]] = value;
  });
  return out;
}

/** Reads `ENV_FILE`, or `.env` in the folder the app is installed in, into `env` (never over a value already set). Returns the file read, if any. */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, root = appRoot()): string | null {
  const file = env.ENV_FILE ? path.resolve(env.ENV_FILE) : path.join(root, '.env');
  if (!fs.existsSync(file)) {
    if (env.ENV_FILE) throw new ConfigError(`ENV_FILE=${env.ENV_FILE}: no such file`);
    return null;
  }
  for (const [key, value] of Object.entries(parseEnvFile(fs.readFileSync(file, 'utf8'), file))) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
