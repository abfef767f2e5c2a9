import { allCouncils, oneCouncil } from '../council-scope';
import { AuditRepository } from './audit.repository';
import { AuditStatesRepository } from './audit-states.repository';
import { TokensRepository } from './tokens.repository';
import { UsersRepository } from './users.repository';
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

  it('keeps a detail too long to store whole as JSON that still reads, dropping what was asked before the before and after', async () => {
    const audit = new AuditRepository(stack.dataSource, new WriteGate());
    const base = { at: '2026-12-01T09:00:00.000Z', actor: 'ops', actorId: null, role: 'admin', council: null, action: 'column mapping saved', target: null };
    await audit.record({ ...base, detail: { route: 'PUT x', asked: { text: 'a'.repeat(9_000) }, before: { mapping: { ref: 'Ref' } }, after: { mapping: { ref: 'Reference' } } } });
    await audit.record({ ...base, at: '2026-12-01T09:00:01.000Z', detail: { route: 'PUT y', before: 'b'.repeat(9_000), after: 'c'.repeat(9_000) } });
    const [second, first] = (await audit.page(allCouncils, {}, 10)).items;
    expect(first.detail).toEqual({ route: 'PUT x', asked: '(too long to keep)', before: { mapping: { ref: 'Ref' } }, after: { mapping: { ref: 'Reference' } } });
    expect(second.detail).toEqual({ route: 'PUT y', before: '(too long to keep)', after: '(too long to keep)' });
  });

  it('reads the state a change touches without its secrets, and nothing for what does not exist', async () => {
    const states = new AuditStatesRepository(stack.dataSource);
    const gate = new WriteGate();
    const now = '2026-12-01T09:00:00.000Z';
    const { entity } = await new TokensRepository(stack.dataSource, gate).create('council', 'S12000047', 'fife uploads', now);
    await new UsersRepository(stack.dataSource, gate).invite('lead@fife.gov.uk', 'council', 'S12000047', 'test', now);
    expect(await states.token(entity.id)).toEqual({ name: 'fife uploads', role: 'council', council: 'S12000047', expiresAt: expect.any(String), revokedAt: null });
    expect(await states.user({ email: 'lead@fife.gov.uk' })).toEqual({ email: 'lead@fife.gov.uk', role: 'council', council: 'S12000047' });
    expect(await states.user({ id: 999 })).toBeNull();
    expect(await states.contractClassification(1)).toBeNull();
    expect(await states.opportunityTriage('nothing')).toBeNull();
    expect(await states.alertSettings('S12000047')).toBeNull();
    expect(await states.alert(1)).toBeNull();
    expect(await states.columnMapping('S12000047')).toBeNull();
    expect(await states.importCouncil('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await states.currentRegister('S12000047')).toEqual({ currentContracts: 0 });
    expect(await states.supplierNames([1, 2])).toEqual([]);
    expect(await states.suppliersOf(['Civica UK Ltd'])).toEqual([]);
    expect(await states.supplier(1)).toBeNull();
    expect(await states.asset('S12000047', 'Payroll')).toBeNull();
    expect(await states.assetCount('S12000047')).toEqual({ assets: 0 });
  });
});
