import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ImportIntake, sha256 } from '@app/importing';
import { ImportsRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DATA_DIR } from '../support/databases';

const FIFE = 'S12000047';
jest.setTimeout(120_000);

// Every import ends: what a stopped process left unfinished is run again, or failed saying why, at the next start.
describe('imports left unfinished by a process that stopped (SQLite, in-process jobs)', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-recovery-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'recovery.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR });
    delete process.env.REDIS_URL;
  });

  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs an upload again that was queued or mid-import, and fails a CLI import whose process is gone, at start-up', async () => {
    const register = Buffer.from('Contract Reference,Contract Title,Supplier,End Date,Annual Value\nFC-1,Payroll,Civica UK Ltd,31/03/2028,1000\nFC-2,Libraries,Civica UK Ltd,31/03/2029,2000\n');
    let first: INestApplication | undefined = await createApiApp();
    let ids: { queued: string; processing: string; cli: string; recentCli: string };
    try {
      const intake = first.get(ImportIntake);
      const imports = first.get(ImportsRepository);
      // As the process left them: an upload never started, one stopped part way, and two CLI imports (files on disk, not stored).
      const accept = async (council: string, content: Buffer | null, name: string) =>
        (await intake.accept({ fileName: name, content, sha256: sha256(Buffer.concat([register, Buffer.from(name)])), size: register.length, councilCode: council, createdBy: 'test', mode: 'full' })).record.id;
      ids = {
        queued: await accept(FIFE, register, 'fife-queued.csv'),
        processing: await accept('S12000041', register, 'angus-processing.csv'),
        cli: await accept('S12000030', null, 'stirling-cli.csv'),
        recentCli: await accept('S12000005', null, 'clacks-cli.csv'),
      };
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
      await imports.update(ids.processing, { status: 'processing', startedAt: new Date().toISOString() });
      await imports.update(ids.cli, { status: 'processing', startedAt: twoHoursAgo });
      await imports.update(ids.recentCli, { status: 'processing', startedAt: new Date().toISOString() });
    } finally {
      await first.close();
      first = undefined;
    }

    const second = await createApiApp();
    await second.init();
    try {
      await second.get(JobQueue).idle();
      const imports = second.get(ImportsRepository);
      expect(await imports.findForProcessing(ids.queued)).toMatchObject({ status: 'completed', imported: 2 });
      expect(await imports.findForProcessing(ids.processing)).toMatchObject({ status: 'completed', imported: 2 });
      const cli = await imports.findForProcessing(ids.cli);
      expect(cli).toMatchObject({ status: 'failed', errorCode: 'IMPORT_INTERRUPTED' });
      expect(cli!.errorMessage).toMatch(/stopped before it finished .* import the file again/);
      // A CLI import started moments ago may still be running in another terminal: left alone.
      expect(await imports.findForProcessing(ids.recentCli)).toMatchObject({ status: 'processing' });
    } finally {
      await second.close();
    }
  });
});
