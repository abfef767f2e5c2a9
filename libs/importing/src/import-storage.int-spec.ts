import { ImportIntake, sha256 } from './import-intake';
import { TEST_DATABASES } from '../../../test/support/databases';
import { Stack, stackForEachTest, testClock } from '../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
jest.setTimeout(180_000);

/** A register of about 400 bytes, different each time. */
const register = (n: number) => Buffer.from(`Contract Reference,Contract Title,Supplier,End Date,Annual Value\n${Array.from({ length: 6 }, (_, i) => `R-${n}-${i},Service ${i},Supplier ${i} Ltd,31/03/2028,${1000 + i}`).join('\n')}\n`);

describe.each(TEST_DATABASES)('uploaded files kept within bounds on $name', (db) => {
  let stack: Stack;
  stackForEachTest(db, (s) => {
    stack = s;
  });

  const stored = async () => ((await stack.dataSource.query('SELECT import_id FROM import_files')) as { import_id: string }[]).map((r) => r.import_id).sort();

  it('makes room for a council\'s upload by dropping its oldest finished files, refuses it when its unfinished ones fill the room, and leaves other councils alone', async () => {
    const intake = new ImportIntake(stack.imports, testClock, { perCouncilBytes: 1_000, retentionDays: 30 });
    const accept = async (council: string, n: number) => {
      const bytes = register(n);
      expect(bytes.length).toBeGreaterThan(300);
      expect(bytes.length).toBeLessThan(500);
      return intake.accept({ fileName: `r${n}.csv`, content: bytes, sha256: sha256(bytes), size: bytes.length, councilCode: council, createdBy: null, mode: 'update' });
    };
    const angus = await accept(ANGUS, 100);
    const first = await accept(FIFE, 1);
    const second = await accept(FIFE, 2);
    await stack.runner.run(first.record.id);
    await stack.runner.run(second.record.id);
    // A third fits once the oldest finished file goes.
    const third = await accept(FIFE, 3);
    expect(await stored()).toEqual([angus.record.id, second.record.id, third.record.id].sort());
    // Two unfinished uploads fill the room: a third waits for them.
    await stack.runner.run(third.record.id);
    const fourth = await accept(FIFE, 4);
    const fifth = await accept(FIFE, 5);
    expect(await stored()).toEqual([angus.record.id, fourth.record.id, fifth.record.id].sort());
    await expect(accept(FIFE, 6)).rejects.toMatchObject({ code: 'STORAGE_FULL', message: expect.stringMatching(/no room to keep this upload.*UPLOAD_STORE_MB_PER_COUNCIL/) });
    // The import records stay, with their reports.
    expect(await stack.imports.findForProcessing(first.record.id)).toMatchObject({ status: 'completed', imported: 6 });
  });

  it('deletes stored files older than the retention, keeping the import records', async () => {
    const intake = new ImportIntake(stack.imports, testClock, { perCouncilBytes: 1_000_000, retentionDays: 30 });
    const old = register(7);
    const accepted = await intake.accept({ fileName: 'old.csv', content: old, sha256: sha256(old), size: old.length, councilCode: FIFE, createdBy: null });
    await stack.runner.run(accepted.record.id);
    const recent = register(8);
    const kept = await intake.accept({ fileName: 'recent.csv', content: recent, sha256: sha256(recent), size: recent.length, councilCode: FIFE, createdBy: null });
    await stack.imports.update(accepted.record.id, { finishedAt: '2026-09-01T00:00:00.000Z' });
    expect(await intake.pruneStoredFiles()).toBe(1);
    expect(await stored()).toEqual([kept.record.id]);
    expect(await stack.imports.findForProcessing(accepted.record.id)).toMatchObject({ status: 'completed', fileName: 'old.csv' });
  });
});
