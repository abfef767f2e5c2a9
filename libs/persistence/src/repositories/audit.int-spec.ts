import { allCouncils, oneCouncil } from '../council-scope';
import { AuditRepository } from './audit.repository';
import { WriteGate } from '../write-gate';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { Stack, stackForEachTest } from '../../../../test/support/stack';

describe.each(TEST_DATABASES)('the audit log on $name', (db) => {
  let stack: Stack;
  stackForEachTest(db, (s) => {
    stack = s;
  });

  it('is appended to and read newest first, a council seeing its own, and the database refuses to change or delete an entry', async () => {
    const audit = new AuditRepository(stack.dataSource, new WriteGate());
    const entry = (at: string, council: string | null, action: string) => ({ at, actor: 'lead@fife.gov.uk', actorId: 'user:1', role: 'council', council, action, target: 'x', detail: { asked: { reason: 'r' } } });
    await audit.record(entry('2026-12-01T09:00:00.000Z', 'S12000047', 'upload'));
    await audit.record(entry('2026-12-01T10:00:00.000Z', 'S12000041', 'upload'));
    await audit.record(entry('2026-12-01T11:00:00.000Z', 'S12000047', 'column mapping saved'));
    const all = await audit.page(allCouncils, {}, 2);
    expect(all.total).toBe(3);
    expect(all.items.map((e) => e.at)).toEqual(['2026-12-01T11:00:00.000Z', '2026-12-01T10:00:00.000Z']);
    const rest = await audit.page(allCouncils, {}, 2, all.next!);
    expect(rest.items.map((e) => e.at)).toEqual(['2026-12-01T09:00:00.000Z']);
    expect(rest.next).toBeNull();
    expect((await audit.page(oneCouncil('S12000047'), {}, 10)).items.map((e) => e.action)).toEqual(['column mapping saved', 'upload']);
    expect((await audit.page(allCouncils, { action: 'mapping' }, 10)).total).toBe(1);
    expect((await audit.page(allCouncils, { from: '2026-12-01', to: '2026-12-01' }, 10)).total).toBe(3);
    expect((await audit.page(allCouncils, { from: '2026-12-02' }, 10)).total).toBe(0);
    expect(all.items[0].detail).toEqual({ asked: { reason: 'r' } });
    await expect(stack.dataSource.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await audit.page(allCouncils, {}, 10)).items.every((e) => e.actor === 'lead@fife.gov.uk')).toBe(true);
  });
});
