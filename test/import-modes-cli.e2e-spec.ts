import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox } from './support/cli';

const FIFE = 'S12000047';

// Each case starts the CLI as a process, several times; CI has two busy cores.
jest.setTimeout(180_000);

const HEADER = 'Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value';
const ref = (i: number) => `FC-${String(i).padStart(3, '0')}`;
const row = (i: number, end = '31/03/2027') => `${ref(i)},Service ${i},Supplier ${i % 17} Ltd,01/04/2024,${end},${1000 * (i + 1)}`;
const fileOf = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

describe('CLI import --mode', () => {
  const sandbox = cliSandbox('ccr-cli-modes-');
  const cli = sandbox.cli;

  function write(name: string, content: string): string {
    const file = path.join(sandbox.dir(), name);
    fs.writeFileSync(file, content);
    return file;
  }

  const importJson = (...args: string[]) => {
    const run = cli('import', ...args, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout).files[0];
  };
  const currentFife = () => JSON.parse(cli('contracts', '--council', FIFE, '--json').stdout) as { reference: string }[];

  it('updates by reference without --mode when a file holds a few of a council\'s contracts, and replaces the register with --mode full', () => {
    const register = write('fife-register.csv', fileOf(Array.from({ length: 146 }, (_, i) => row(i))));
    const first = importJson(register, '--council', FIFE);
    expect(first).toMatchObject({ status: 'completed', council: FIFE, rows: 146, imported: 146, mode: 'full', modeRequested: null, modeRule: 'single-council', added: 146, retired: 0 });

    const three = write('fife-three.csv', fileOf([row(0), row(1, '31/03/2028'), row(2)]));
    const update = importJson(three, '--council', FIFE);
    // The pinned fields, then the added ones.
    expect(Object.keys(update)).toEqual(expect.arrayContaining(['file', 'council', 'rows', 'imported', 'withWarnings', 'rejected', 'issues', 'status', 'importId', 'councils', 'superseded', 'error']));
    expect(update).toMatchObject({
      status: 'completed', rows: 3, imported: 3, superseded: 3,
      mode: 'update', modeRequested: null, modeRule: 'looks-partial', added: 0, changed: 1, unchanged: 2, retired: 0,
      changes: { added: [], retired: [], truncated: false },
    });
    expect(update.modeReason).toContain('would retire 143');
    expect(update.changes.changed).toEqual([{ council: FIFE, reference: ref(1), title: 'Service 1', row: 3, fields: ['endDate', 'totalValue'], contractId: expect.any(Number) }]);
    expect(update.issues).toContainEqual(expect.objectContaining({ code: 'IMPORTED_AS_UPDATE', severity: 'warning' }));
    expect(currentFife()).toHaveLength(146);

    expect(importJson(three, '--council', FIFE).status).toBe('unchanged');
    const full = importJson(three, '--council', FIFE, '--mode', 'full');
    expect(full).toMatchObject({ status: 'completed', mode: 'full', modeRequested: 'full', modeRule: 'requested', retired: 143, unchanged: 3, superseded: 146 });
    expect(full.changes.retired.map((c: { reference: string }) => c.reference)).toEqual(Array.from({ length: 143 }, (_, i) => ref(i + 3)));
    expect(currentFife().map((c) => c.reference).sort()).toEqual([ref(0), ref(1), ref(2)]);
  });

  it('retires nothing with --mode update, and says so without --json', () => {
    const register = write('fife-register-2.csv', fileOf(Array.from({ length: 10 }, (_, i) => row(i + 600))));
    importJson(register, '--council', FIFE, '--mode', 'full');
    const next = write('fife-next.csv', fileOf([row(600, '31/03/2030'), row(601), row(700)]));
    const run = cli('import', next, '--council', FIFE, '--mode=update');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('update: 1 added, 1 changed, 1 unchanged, 0 retired (update, as the upload asked');
    expect(run.stdout).toContain(`changed ${FIFE} FC-600 (row 2): endDate, totalValue`);
    expect(currentFife()).toHaveLength(11);
  });

  it('explains a mode it does not know with exit code 2', () => {
    const run = cli('import', 'data/registers/fife-council-contracts-register.csv', '--mode', 'replace');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mode must be "full" or "update"');
  });
});
