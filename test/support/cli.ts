import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './databases';

/** The built CLI, as users and scripts run it (npm test builds first). */
export const CLI = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');

/**
 * A CLI on a SQLite file of its own (no Redis), in a temporary folder made before the tests of
 * the describe block that calls this and removed after them.
 */
export function cliSandbox(prefix: string): { dir: () => string; cli: (...args: string[]) => { code: number | null; stdout: string; stderr: string } } {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}` };
    delete env.REDIS_URL;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    cli: (...args: string[]) => {
      const run = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
  };
}
