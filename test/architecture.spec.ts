import * as fs from 'node:fs';
import * as path from 'node:path';

// The dependency rule (ARCHITECTURE.md): domain libs are plain TypeScript. They import no
// framework, no storage or queue library, no app and no infrastructure lib, read no
// environment and never ask the clock for "now".
const ROOT = path.resolve(__dirname, '..');
const DOMAIN_LIBS = ['ingest', 'suppliers', 'classification', 'renewals', 'opportunities', 'alerts'];
const FORBIDDEN: [RegExp, string][] = [
  [/from '(@nestjs\/[^']*)'/, 'a NestJS import'],
  [/from '(typeorm|better-sqlite3|pg|bullmq|ioredis)'/, 'a storage or queue library'],
  [/from '(@app\/(?:persistence|queue|config))'/, 'an infrastructure lib'],
  [/from '(@app\/(?:importing|analysis))'/, 'an application lib'],
  [/from '((?:\.\.\/)+apps\/[^']*)'/, 'an app'],
  [/(process\.env)/, 'the environment'],
  [/(new Date\(\))/, 'the clock'],
];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.ts$/.test(e.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) ? [full] : [];
  });
}

describe('dependency rule', () => {
  const files = DOMAIN_LIBS.flatMap((lib) => sources(path.join(ROOT, 'libs', lib, 'src')));

  it('finds the domain libs to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('keeps domain libs free of frameworks, environment and clock', () => {
    const violations: string[] = [];
    for (const file of files) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        for (const [pattern, what] of FORBIDDEN) {
          const m = pattern.exec(line);
          if (m) violations.push(`${path.relative(ROOT, file)}:${i + 1} uses ${what} (${m[1]})`);
        }
      });
    }
    expect(violations).toEqual([]);
  });

  it('reaches other libs only through their index (@app/<name>)', () => {
    const all = sources(path.join(ROOT, 'libs')).concat(sources(path.join(ROOT, 'apps')));
    const deep = all.flatMap((file) =>
      fs.readFileSync(file, 'utf8').split('\n').filter((l) => /from '@app\/[^']+\/|from '(\.\.\/)+libs\//.test(l)).map((l) => `${path.relative(ROOT, file)}: ${l.trim()}`),
    );
    expect(deep).toEqual([]);
  });

  it('keeps storage free of use-cases: persistence imports no application lib, and the application libs no app', () => {
    const uses = (lib: string, pattern: RegExp) =>
      sources(path.join(ROOT, 'libs', lib, 'src')).flatMap((file) =>
        fs.readFileSync(file, 'utf8').split('\n').filter((l) => pattern.test(l)).map((l) => `${path.relative(ROOT, file)}: ${l.trim()}`));
    expect(uses('persistence', /from '@app\/(importing|analysis|queue|notifications)'/)).toEqual([]);
    expect(uses('importing', /from '(\.\.\/)+apps\/|from '@app\/(queue|notifications)'/)).toEqual([]);
    expect(uses('analysis', /from '(\.\.\/)+apps\/|from '@app\/(importing|queue|notifications)'/)).toEqual([]);
    // The use-cases are where the folder names say.
    for (const file of ['libs/importing/src/import-runner.ts', 'libs/analysis/src/opportunity-analysis.ts', 'libs/analysis/src/supplier-refresh.ts', 'libs/analysis/src/asset-register.ts']) {
      expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    }
  });
});
