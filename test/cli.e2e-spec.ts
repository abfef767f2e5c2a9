import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATA_DIR, REPO_ROOT } from './support/databases';

// The built CLI, as users and scripts run it (npm test builds first). Registers of 4 MB and
// more are parsed in a worker thread, so the large cases here cover that path.
const CLI = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');

describe('CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-cli-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}` };
    delete env.REDIS_URL;
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function cli(...args: string[]) {
    return cliWith({}, ...args);
  }

  function cliWith(extra: NodeJS.ProcessEnv, ...args: string[]) {
    const run = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 1 << 28 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  function bigRegister(name: string, rows: number, body: (i: number) => string): string {
    const file = path.join(dir, name);
    const lines = ['Fife Council - Contracts Register', '', 'Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
    for (let i = 0; i < rows; i++) lines.push(body(i));
    fs.writeFileSync(file, lines.join('\r\n'));
    return file;
  }

  it('imports the sample registers and prints only the pinned JSON', () => {
    const registers = fs.readdirSync(path.join(REPO_ROOT, 'data/registers')).filter((f) => !f.endsWith('.json')).map((f) => path.join('data/registers', f));
    const run = cli('import', ...registers, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.files).toHaveLength(registers.length);
    for (const f of out.files) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'council', 'rows', 'imported', 'withWarnings', 'rejected', 'issues']));
      expect(f.rows).toBe(f.imported + f.rejected);
      for (const i of f.issues) expect(Object.keys(i)).toEqual(expect.arrayContaining(['row', 'column', 'value', 'code', 'message']));
    }
    // As an upload does, the import leads to an analysis (here at once, in the CLI's process).
    expect(out.analysis).toMatchObject({ contracts: expect.any(Number), collaborative: expect.any(Number) });
    expect(out.analysis.contracts).toBeGreaterThan(20);
    expect(JSON.parse(cli('opportunities', '--json').stdout).length).toBeGreaterThan(0);
    const fife = out.files.find((f: { file: string }) => f.file.includes('fife'));
    expect(fife).toMatchObject({ council: 'S12000047', rows: 8, imported: 8, withWarnings: 3, rejected: 0 });
    const again = JSON.parse(cli('import', registers.find((r) => r.includes('fife'))!, '--json').stdout);
    expect(again.files[0].status).toBe('unchanged');
    // Nothing imported, nothing to analyse.
    expect(again.analysis).toBeNull();
  });

  it('lists contracts with the pinned fields (and issue 3\'s additions), dates ISO, money in pounds, absent values null', () => {
    const run = cli('contracts', '--council', 'Fife', '--json');
    expect(run.code).toBe(0);
    const contracts = JSON.parse(run.stdout);
    expect(contracts).toHaveLength(8);
    for (const c of contracts) {
      expect(Object.keys(c).sort()).toEqual([
        // pinned by issue 2
        'annualValue', 'category', 'council', 'cpv', 'department', 'durationMonths', 'endDate', 'extensionText', 'reference', 'startDate', 'supplierName', 'title', 'totalValue',
        // added by issue 3
        'supplierId', 'supplier', 'product', 'serviceCategory', 'classificationReason',
        // added by issue 4
        'currentEndDate', 'maxEndDate', 'possibleEndDates', 'noticeDate', 'decisionDate', 'extensionConfidence',
        // added by issue 12: supplier group, where values came from, joint councils, the source row, dates judged against today
        'supplierGroup', 'supplierGroupId', 'annualValueSource', 'totalValueSource', 'valueLow', 'valueHigh', 'jointCouncils', 'id', 'importId', 'rowNumber',
        'renewalStatus', 'presumedOptionsTaken', 'liveEndDate', 'livePossibleEndDates', 'liveOptionsRemaining', 'liveDecisionDate', 'isIt', 'councilCategory',
      ].sort());
    }
    expect(contracts.find((c: { reference: string }) => c.reference === 'FC-ICT-0012')).toMatchObject({
      council: 'S12000047', reference: 'FC-ICT-0012', title: 'Revenues and Benefits System', supplierName: 'NEC Software Solutions UK Limited',
      startDate: '2022-04-01', endDate: '2027-03-31', durationMonths: null, extensionText: '2+1+1', annualValue: 412000, totalValue: 2060000,
      category: 'Revenues & Benefits', cpv: null, department: 'Finance',
      supplierId: expect.any(Number), supplier: 'NEC Software Solutions UK Limited', product: null, serviceCategory: 'Revenues & Benefits',
      classificationReason: 'category from the council\'s category "Revenues & Benefits"',
      supplierGroup: expect.any(String), supplierGroupId: expect.any(String), annualValueSource: 'given', totalValueSource: 'given', jointCouncils: [],
      // 2+1+1 on a contract of five years from 01/04/2022 is read as options of 2, 1 and 1 years; £2.06m is large: 18 months.
      currentEndDate: '2027-03-31', possibleEndDates: ['2029-03-31', '2030-03-31', '2031-03-31'], maxEndDate: '2031-03-31', noticeDate: null,
      decisionDate: '2025-10-01', extensionConfidence: 'high',
    });
  });

  it('lists canonical suppliers with the pinned fields', () => {
    const run = cli('suppliers', '--json');
    expect(run.code).toBe(0);
    const suppliers = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(suppliers.length).toBeGreaterThan(3);
    for (const s of suppliers) {
      expect(Object.keys(s).sort()).toEqual(['id', 'name', 'companyNumber', 'group', 'variants', 'reseller', 'councils', 'contracts'].sort());
      expect((s.variants as unknown[]).every((v) => typeof v === 'string')).toBe(true);
    }
    expect(suppliers.find((s) => s.name === 'NEC Software Solutions UK Limited')).toMatchObject({ group: 'NEC Corporation', variants: expect.arrayContaining(['NEC Software Solutions UK Limited']) });
    const text = cli('suppliers', 'suggestions');
    expect(text.code).toBe(0);
  });

  it('reads an application list and lists assets', () => {
    const list = path.join(DATA_DIR, 'applications/fife-council-application-list.csv');
    const imported = cli('assets', 'import', list, '--council', 'Fife', '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 6, stored: 5, rejected: 1 });
    const run = cli('assets', '--council', 'S12000047', '--json');
    expect(run.code).toBe(0);
    const assets = JSON.parse(run.stdout) as { system: string; hosting: string | null; contracts: { reference: string }[] }[];
    // The list's SEEMiS row joins the asset the sample register's SEEMiS contract gives (same product).
    expect(assets.find((a) => a.system === 'SEEMiS Click+Go')).toMatchObject({ product: 'SEEMiS', hosting: 'saas', contracts: [expect.objectContaining({ reference: 'FC-ICT-0023' })] });
    expect(assets.find((a) => a.system === 'GIS (ArcGIS Enterprise)')).toMatchObject({ hosting: 'cloud', contracts: [] });
    expect(cli('assets', 'import', 'no-such-file.csv').code).toBe(2);
  });

  it('reads a large register on the worker thread with every bad row explained', () => {
    const rows = 60_000;
    const file = bigRegister('fife-large.csv', rows, (i) => `L-${i},Licence ${i},Supplier ${i % 50} Ltd,01/04/2024,${i % 1000 === 0 ? '31/02/2027' : '31/03/2027'},"£${1000 + i}.00"`);
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const run = cli('import', file, '--json', '--timings');
    const out = JSON.parse(run.stdout); // --timings writes to stderr only, so the JSON stays clean
    expect(out.files[0]).toMatchObject({ council: 'S12000047', rows, imported: rows, rejected: 0, withWarnings: rows / 1000 });
    // Each phase once, in order, with how long it took.
    const phases = [...run.stderr.matchAll(/^timing (\w+): (\d+) ms$/gm)];
    expect(phases.map((m) => m[1])).toEqual(['start', 'hash', 'open', 'load', 'indexes', 'finish', 'commit', 'close', 'report', 'suppliers', 'analysis']);
    expect(phases.every((m) => Number(m[2]) >= 0)).toBe(true);
    const dateIssues = out.files[0].issues.filter((i: { code: string }) => i.code === 'DATE_INVALID');
    expect(dateIssues).toHaveLength(rows / 1000);
    expect(dateIssues[0]).toMatchObject({ row: 4, column: 'End Date', value: '31/02/2027' });
    // Written a page at a time (1,000 rows), still one JSON array with every contract once.
    const contracts = JSON.parse(cli('contracts', '--council', 'S12000047', '--json').stdout) as { id: number; reference: string }[];
    expect(contracts).toHaveLength(rows);
    expect(new Set(contracts.map((c) => c.id)).size).toBe(rows);
    expect(new Set(contracts.map((c) => c.reference)).size).toBe(rows);
  });

  it('stores nothing from a large register that is malformed near its end, and says where', () => {
    // No quote after the stray one, so it is never closed (a later quote would pair with it).
    const file = bigRegister('fife-broken-large.csv', 60_000, (i) => (i === 59_990 ? `B-${i},"never closed,Supplier,01/04/2024,31/03/2027,1000` : `B-${i},Item ${i},Supplier,01/04/2024,31/03/2027,£${1000 + i}.00`));
    const good = path.join(dir, 'angus-small.csv');
    fs.writeFileSync(good, 'Ref,Supplier,End Date\nA-1,Civica UK Ltd,31/03/2027\nA-2,Idox Software Ltd,30/06/2027\n');
    // Two rows against the sample's eight would be an update without --mode full (see import-modes-cli.e2e-spec.ts).
    expect(cli('import', good, '--council', 'Angus', '--mode', 'full').code).toBe(0);
    const run = cli('import', file, '--council', 'Angus', '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.files[0]).toMatchObject({ status: 'failed', imported: 0, error: { code: 'CSV_MALFORMED' } });
    expect(out.files[0].error.message).toContain('fife-broken-large.csv');
    expect(out.files[0].error.message).toContain('line 59994');
    const contracts = JSON.parse(cli('contracts', '--council', 'Angus', '--json').stdout);
    expect(contracts.map((c: { reference: string }) => c.reference)).toEqual(['A-1', 'A-2']); // the previous register is untouched
  });

  it('starts and reads while another process holds the write lock (an import being written)', () => {
    expect(cli('contracts', '--json').code).toBe(0); // the database exists, seeded
    const writer = new Database(path.join(dir, 'cli.sqlite'));
    writer.pragma('busy_timeout = 1000');
    writer.exec('BEGIN IMMEDIATE');
    try {
      // Starting used to re-seed the councils in a write transaction, which waited for the lock.
      const run = spawnSync(process.execPath, [CLI, 'users', '--json'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 20_000 });
      expect(run.signal).toBeNull();
      expect(run.status).toBe(0);
      expect(Array.isArray(JSON.parse(run.stdout))).toBe(true);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('imports an Excel workbook as the pages and the API do (its first sheet, by values)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Register');
    sheet.addRow(['Contract Reference', 'Contract Title', 'Supplier', 'Start Date', 'End Date', 'Annual Value']);
    sheet.addRow(['XC-1', 'Housing system', 'Northgate', '01/04/2024', '31/03/2027', 30_000]);
    const file = path.join(dir, 'clackmannanshire.xlsx');
    await book.xlsx.writeFile(file);
    const run = cli('import', file, '--council', 'Clackmannanshire', '--no-analyse', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).files[0]).toMatchObject({ file: expect.stringContaining('clackmannanshire.xlsx'), council: 'S12000005', rows: 1, imported: 1, rejected: 0 });
    const contracts = JSON.parse(cli('contracts', '--council', 'S12000005', '--json').stdout) as { reference: string; title: string }[];
    expect(contracts.find((c) => c.reference === 'XC-1')?.title).toBe('Housing system');
  });

  it('analyses a register larger than ANALYSIS_PART_CONTRACTS in parts, finding what a run at once finds, and says so', () => {
    const whole = JSON.parse(cli('analyse', '--force', '--json').stdout) as { parts: number; collaborative: number; commonPlatforms: number; categories: number };
    expect(whole.parts).toBe(1);
    expect(whole.collaborative + whole.commonPlatforms + whole.categories).toBeGreaterThan(0);
    const parts = JSON.parse(cliWith({ ANALYSIS_PART_CONTRACTS: '3' }, 'analyse', '--force', '--json').stdout) as typeof whole & { stored: Record<string, number> };
    expect(parts.parts).toBeGreaterThan(1);
    expect(parts.stored).toMatchObject({ written: 0, retired: 0 });
    expect([parts.collaborative, parts.commonPlatforms, parts.categories]).toEqual([whole.collaborative, whole.commonPlatforms, whole.categories]);
    const said = cliWith({ ANALYSIS_PART_CONTRACTS: '3' }, 'analyse', '--force');
    expect(said.code).toBe(0);
    expect(said.stdout).toMatch(/analysed in \d+ parts \(ANALYSIS_PART_CONTRACTS\)/);
  });

  it('leaves the analysis out of an import when asked (--no-analyse)', () => {
    const file = bigRegister('angus-small.csv', 3, (i) => `N-${i},Item ${i},Supplier Ltd,01/04/2024,31/03/2027,£1000.00`);
    const run = cli('import', file, '--council', 'Angus', '--no-analyse', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.files[0]).toMatchObject({ council: 'S12000041', imported: 3 });
    expect(out.analysis).toBeNull();
  });

  it('explains usage mistakes with exit code 2', () => {
    const noCouncil = cli('tokens', 'create', '--role', 'council');
    expect(noCouncil.code).toBe(2);
    expect(noCouncil.stderr).toContain('--council');
    const unknown = cli('import', 'data/registers/fife-council-contracts-register.csv', '--council', 'Gotham');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Gotham');
    expect(cli('frobnicate').code).toBe(2);
  });

  it('writes JSON alone on stdout when run the README\'s way (npm run -s cli, and the council-register command)', () => {
    expect(cli('import', 'data/registers/fife-council-contracts-register.csv', '--json').code).toBe(0);
    const npm = spawnSync('npm', ['run', '-s', 'cli', '--', 'contracts', '--council', 'Fife', '--json'], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(npm.status).toBe(0);
    const viaNpm = JSON.parse(npm.stdout) as { council: string }[];
    expect(viaNpm.length).toBeGreaterThan(0);
    expect(viaNpm.every((c) => c.council === 'S12000047')).toBe(true);
    // The package's bin (what `npm link` puts on the PATH as council-register) runs by itself, from
    // any folder, with its settings from a .env file (ENV_FILE here) instead of the environment.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = path.join(REPO_ROOT, pkg.bin['council-register']);
    const envFile = path.join(dir, 'register.env');
    fs.writeFileSync(envFile, `# shared by the API and the CLI\nDATABASE_URL=${env.DATABASE_URL}\n`);
    const fromFile: NodeJS.ProcessEnv = { ...env, ENV_FILE: envFile };
    delete fromFile.DATABASE_URL;
    const direct = spawnSync(bin, ['contracts', '--council', 'Fife', '--json'], { cwd: os.tmpdir(), env: fromFile, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(direct.status).toBe(0);
    expect(JSON.parse(direct.stdout)).toEqual(viaNpm);
  }, 300_000);

  it('refuses unknown commands and options, naming the one that was meant, before touching the register', () => {
    const command = cli('imprt', 'data/registers/fife-council-contracts-register.csv');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "imprt": did you mean "import"?');
    expect(command.stdout).toBe('');
    // A mistyped --council must not list every council's contracts.
    const option = cli('contracts', '--councl', 'Fife', '--json');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option --councl for "contracts": did you mean --council?');
    expect(option.stdout).toBe('');
    const other = cli('opportunities', '--colour', 'red');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--council, --kind');
    expect(cli('contracts', '--help').code).toBe(0);
  });

  it('says why it cannot start instead of exiting silently', () => {
    const run = spawnSync(process.execPath, [CLI, 'contracts', '--json'], { cwd: REPO_ROOT, env: { ...env, DATA_DIR: path.join(dir, 'missing') }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(path.join(dir, 'missing', 'reference'));
  });

  it('creates a token once and stores only its hash', () => {
    const run = cli('tokens', 'create', '--role', 'council', '--council', 'Angus', '--json');
    const token = JSON.parse(run.stdout);
    expect(token).toMatchObject({ role: 'council', council: 'S12000041', token: expect.stringMatching(/^ccr_/) });
    const db = fs.readFileSync(path.join(dir, 'cli.sqlite'));
    expect(db.includes(Buffer.from(token.token))).toBe(false);
  });

  it('invites a user to the pages with a one-time link, storing only its hash, and removes them', () => {
    const run = cli('users', 'add', 'Lead@Angus.gov.uk', '--role', 'council', '--council', 'Angus', '--json');
    expect(run.code).toBe(0);
    const user = JSON.parse(run.stdout);
    expect(user).toMatchObject({ email: 'lead@angus.gov.uk', role: 'council', council: 'S12000041', inviteUrl: expect.stringMatching(/\/invite\/[0-9a-f]{48}$/) });
    const token = user.inviteUrl.split('/invite/')[1];
    expect(fs.readFileSync(path.join(dir, 'cli.sqlite')).includes(Buffer.from(token))).toBe(false);
    expect(cli('users', 'add', 'x@angus.gov.uk', '--role', 'council').stderr).toContain('--council');
    expect(cli('users', 'add', 'x@angus.gov.uk', '--role', 'king').code).toBe(2);
    expect(JSON.parse(cli('users', '--json').stdout)).toEqual([expect.objectContaining({ email: 'lead@angus.gov.uk', invited: true })]);
    expect(cli('users', 'remove', 'lead@angus.gov.uk').code).toBe(0);
    expect(JSON.parse(cli('users', '--json').stdout)).toEqual([]);
  });

  it('writes the changes it makes to the audit log, as the API does, and not its reads or refusals', () => {
    const db = new Database(path.join(dir, 'cli.sqlite'), { readonly: true });
    try {
      const entries = () => db.prepare('SELECT actor, role, council_code AS council, action, target, detail FROM audit_log ORDER BY id').all() as { actor: string; council: string | null; action: string; target: string | null; detail: string }[];
      const actions = entries().map((e) => e.action);
      // The earlier tests here: imports, a token, a user invited and removed; `contracts` and the usage mistakes left no trace.
      expect(actions).toEqual(expect.arrayContaining(['upload', 'API token made', 'user invited', 'user removed']));
      expect(actions.every((a) => !/contracts|opportunities/.test(a))).toBe(true);
      const invited = entries().find((e) => e.action === 'user invited')!;
      expect(invited).toMatchObject({ actor: expect.stringMatching(/^the command line/), council: 'S12000041', target: 'Lead@Angus.gov.uk' });
      const upload = entries().find((e) => e.action === 'upload')!;
      // Files named without the server's folders.
      expect(upload.target).not.toContain('/');
      expect(JSON.parse(upload.detail)).toMatchObject({ command: expect.stringMatching(/^import /), exitCode: 0 });
      const before = entries().length;
      expect(cli('tokens', 'revoke', 'not-a-token').code).toBe(2);
      cli('users', '--json');
      expect(entries()).toHaveLength(before);
      const made = JSON.parse(cli('tokens', 'create', '--role', 'analyst', '--name', 'audit me', '--json').stdout);
      expect(cli('tokens', 'revoke', made.id).code).toBe(0);
      expect(entries().slice(before).map((e) => [e.action, e.target])).toEqual([['API token made', null], ['API token revoked', made.id]]);
      expect(JSON.stringify(entries())).not.toContain(made.token);
    } finally {
      db.close();
    }
  });
});
