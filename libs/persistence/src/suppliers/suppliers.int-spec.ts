import { allCouncils, oneCouncil } from '../council-scope';
import { TEST_DATABASES } from '../../../../test/support/databases';
import { importBytes, openStack, Stack, stackForEachTest } from '../../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';

const fife = (rows: string[]) => ['Contract Reference,Contract Title,Supplier Name,Company Number,End Date', ...rows].join('\n');

describe.each(TEST_DATABASES)('canonical suppliers on $name', (db) => {
  let stack: Stack;

  stackForEachTest(db, (s) => (stack = s));

  async function importFife(rows: string[]) {
    const { record } = await importBytes(stack, 'fife.csv', fife(rows), FIFE);
    expect(record.status).toBe('completed');
    await stack.refresh.run();
  }

  it('groups the names registers use, with councils, counts, rules and known renames', async () => {
    await importFife([
      'F-1,Open Revenues support,CIVICA UK LIMITED,01628868,31/03/2027',
      'F-2,Library system,Civica Uk Ltd,,31/03/2028',
      'F-3,Revenues and benefits,Northgate Public Services (UK) Ltd,,31/03/2026',
      'F-4,Construction works,Willmott Dixon Construction Ltd,,31/03/2027',
      'F-5,Construction works,Wilmott Dixon Construction Ltd,,31/03/2027',
    ]);
    const { record } = await importBytes(stack, 'angus.csv', ['Ref No.,Contractor,Expiry Date,Title', 'A-1,Civica UK Ltd,30/11/2027,Spydus library', 'A-2,NEC Software Solutions UK Limited,30/11/2027,Revenues'].join('\n'), ANGUS);
    expect(record.status).toBe('completed');
    await stack.refresh.run();

    const all = await stack.suppliers.list(allCouncils);
    const civica = all.find((s) => s.variants.some((v) => v.name === 'Civica Uk Ltd'))!;
    expect(civica).toMatchObject({ companyNumber: '01628868', councils: [ANGUS, FIFE], contracts: 3 });
    expect(civica.variants.map((v) => v.name)).toEqual(['CIVICA UK LIMITED', 'Civica UK Ltd', 'Civica Uk Ltd']);
    const nec = all.find((s) => s.variants.some((v) => v.name.startsWith('Northgate')))!;
    expect(nec).toMatchObject({ name: 'NEC Software Solutions UK Limited', nameSource: 'known-rename', group: 'NEC Corporation', councils: [ANGUS, FIFE], contracts: 2 });
    expect(nec.variants.find((v) => v.name.startsWith('Northgate'))?.rule).toBe('known-rename');
    const willmott = all.find((s) => s.name.startsWith('Willmott') || s.name.startsWith('Wilmott'))!;
    expect(willmott.variants.map((v) => v.rule).sort()).toEqual(['same-key', 'typo']);

    // A council sees only its own suppliers, with its own counts.
    const angusView = await stack.suppliers.list(oneCouncil(ANGUS));
    expect(angusView.map((s) => [s.name, s.councils, s.contracts])).toEqual([
      ['Civica UK Ltd', [ANGUS], 1],
      ['NEC Software Solutions UK Limited', [ANGUS], 1],
    ]);
  });

  it("re-applies analysts' decisions to every later import and keeps supplier ids", async () => {
    await importFife([
      'F-1,Works,Willmott Dixon Construction Ltd,,31/03/2027',
      'F-2,Works,Wilmott Dixon Construction Ltd,,31/03/2027',
      'F-3,Hygiene,Rentokil Initial UK Ltd,,31/03/2027',
      'F-4,Washrooms,Initial Washroom Solutions,,31/03/2027',
    ]);
    const before = await stack.suppliers.list(allCouncils);
    const rentokil = before.find((s) => s.name === 'Rentokil Initial UK Ltd')!;
    const decided = { reason: 'checked at Companies House', decidedBy: 'analyst@digitaloffice.test', decidedAt: '2026-11-22T10:00:00.000Z', names: [], newName: null };
    await stack.suppliers.addDecision({ ...decided, kind: 'never-merge', nameA: 'Willmott Dixon Construction Ltd', nameB: 'Wilmott Dixon Construction Ltd' });
    await stack.suppliers.addDecision({ ...decided, kind: 'merge', nameA: 'Initial Washroom Solutions', nameB: 'Rentokil Initial UK Ltd' });
    await stack.suppliers.addDecision({ ...decided, kind: 'rename', nameA: 'Rentokil Initial UK Ltd', nameB: null, newName: 'Rentokil Initial plc' });
    await stack.refresh.run();

    // A newer register with the same names and one more spelling.
    await importFife([
      'F-1,Works,Willmott Dixon Construction Ltd,,31/03/2028',
      'F-2,Works,Wilmott Dixon Construction Ltd,,31/03/2028',
      'F-3,Hygiene,RENTOKIL INITIAL UK LIMITED,,31/03/2028',
      'F-4,Washrooms,Initial Washroom Solutions,,31/03/2028',
    ]);
    const after = await stack.suppliers.list(allCouncils);
    const willmotts = after.filter((s) => /^Wil+mott/.test(s.name));
    expect(willmotts).toHaveLength(2);
    const merged = after.find((s) => s.variants.some((v) => v.name === 'Initial Washroom Solutions'))!;
    expect(merged).toMatchObject({ id: rentokil.id, name: 'Rentokil Initial plc', nameSource: 'analyst' });
    expect(merged.variants.map((v) => v.name).sort()).toEqual(['Initial Washroom Solutions', 'RENTOKIL INITIAL UK LIMITED', 'Rentokil Initial UK Ltd']);
    expect(merged.variants.find((v) => v.name === 'Initial Washroom Solutions')?.rule).toBe('analyst-merge');
    expect((await stack.suppliers.suggestions()).some((s) => /mott/.test(s.a.name) && /mott/.test(s.b.name))).toBe(false);
  });

  it('shows each contract with its product, service category and the reason', async () => {
    await importFife([
      'F-1,Open Revenues support and maintenance,CIVICA UK LIMITED,,31/03/2027',
      'F-2,Microsoft 365 E3 licences,Softcat plc,,31/03/2027',
      'F-3,Grounds maintenance,Green Ltd,,31/03/2027',
    ]);
    const rows = await stack.readModel.present(await stack.contracts.findAll(oneCouncil(FIFE), {}));
    expect(rows.map((c) => [c.reference, c.product, c.serviceCategory])).toEqual([
      ['F-1', 'Open Revenues', 'Revenues & Benefits'],
      ['F-2', 'M365/Azure', 'Productivity licensing'],
      ['F-3', null, 'Not IT'],
    ]);
    expect(rows[0].classificationReason).toMatch(/product name "Open Revenues" in the title/);
  });
});
