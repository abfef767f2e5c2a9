import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from './app-config';
import { loadEnvFile, parseEnvFile } from './env-file';

describe('.env file', () => {
  it('reads NAME=value lines, quotes, export and comments', () => {
    expect(parseEnvFile([
      '# settings shared by the API and the CLI', 'DATABASE_URL=sqlite:var/register.sqlite', 'export PORT=3100', "PUBLIC_URL='http://localhost:3100'",
      'ALERTS_FROM="Register <alerts@council.example>"', 'LOG_LEVEL=warn # quieter', '', 'EMPTY=',
    ].join('\r\n'), '.env')).toEqual({
      DATABASE_URL: 'sqlite:var/register.sqlite', PORT: '3100', PUBLIC_URL: 'http://localhost:3100', ALERTS_FROM: 'Register <alerts@council.example>', LOG_LEVEL: 'warn', EMPTY: '',
    });
  });

  it('names the file and line of a line it cannot read', () => {
    expect(() => parseEnvFile('PORT=3100\nnot a setting\n', '/srv/register/.env')).toThrow(new ConfigError('/srv/register/.env line 2: expected NAME=value, got "not a setting"'));
  });

  it('fills only what the environment does not already say, from the install folder or ENV_FILE', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-env-'));
    try {
      fs.writeFileSync(path.join(root, '.env'), 'PORT=3100\nDATABASE_URL=sqlite:from-file.sqlite\n');
      const env: NodeJS.ProcessEnv = { PORT: '4000' };
      expect(loadEnvFile(env, root)).toBe(path.join(root, '.env'));
      expect(env).toEqual({ PORT: '4000', DATABASE_URL: 'sqlite:from-file.sqlite' });
      expect(loadEnvFile({}, path.join(root, 'nowhere'))).toBeNull();
      const other = path.join(root, 'other.env');
      fs.writeFileSync(other, 'PORT=5000\n');
      const env2: NodeJS.ProcessEnv = { ENV_FILE: other };
      loadEnvFile(env2, root);
      expect(env2.PORT).toBe('5000');
      expect(() => loadEnvFile({ ENV_FILE: path.join(root, 'missing.env') }, root)).toThrow('no such file');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
