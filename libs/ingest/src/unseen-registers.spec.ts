import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CouncilDirectory, councilRecordsFromReference } from './councils';
import { openRegister, RegisterSource } from './read-register';
import { RowOutcome } from './normalise-row';

// Examples from the issue "Right on registers nobody here has seen", read against the real council register.
const reference: Record<string, string>[] = parse(fs.readFileSync(path.join(__dirname, '../../../data/reference/uk_local_authorities_current.csv')), { columns: true, skip_empty_lines: true });
const councils = new CouncilDirectory(councilRecordsFromReference(reference));

function source(name: string, text: string): RegisterSource {
  return { name, async *open() { yield Buffer.from(text, 'utf8'); } };
}

async function read(name: string, lines: string[], council?: string): Promise<{ rows: RowOutcome[]; columns: Awaited<ReturnType<typeof openRegister>>['layout']['columns'] }> {
  const opened = await openRegister(source(name, lines.join('\n')), { councils, council });
  const rows: RowOutcome[] = [];
  for await (const r of opened.rows) rows.push(r);
  return { rows, columns: opened.layout.columns };
}

describe('registers nobody here has seen', () => {
  it('reads a start column headed "Award Date / Start" and a decorated end column', async () => {
    const { rows } = await read('angus.csv', ['Ref,Contract,Supplier,Award Date / Start,Contract End Date (dd/mm/yyyy)', 'A1,Payroll,Zellis,01/04/2024,31/03/2027'], 'S12000041');
    expect(rows[0].contract).toMatchObject({ startDate: '2024-04-01', endDate: '2027-03-31' });
  });

  it('keeps a Value Low / Value High range, estimates the midpoint and says so', async () => {
    const { rows } = await read('notices.csv', ['Notice Identifier,Title,Organisation Name,Value Low,Value High,Start Date,End Date', 'N1,Library system,Blackpool Council,"100,000","300,000",01/04/2025,31/03/2027']);
    const c = rows[0].contract!;
    expect(c).toMatchObject({ valueLow: 100000, valueHigh: 300000, totalValue: 200000, totalValueSource: 'estimated', annualValue: 100000, annualValueSource: 'estimated' });
    expect(rows[0].issues.map((i) => i.code)).toContain('VALUE_ESTIMATED');
  });

  it('derives the annual value from the whole-life value over the term, and the reverse', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Start,End,Total Value,Annual Value', 'A,X,Y,01/04/2024,31/03/2027,"£300,000",', 'B,X,Y,01/04/2024,31/03/2026,,£50k'], 'S12000047');
    expect(rows[0].contract).toMatchObject({ totalValue: 300000, totalValueSource: 'given', annualValue: 100000, annualValueSource: 'derived' });
    expect(rows[1].contract).toMatchObject({ annualValue: 50000, annualValueSource: 'given', totalValue: 100000, totalValueSource: 'derived' });
  });

  it('reads £k and £m headers', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Value (£k),Annual Value (£m)', 'A,X,Y,210,1.5', 'B,X,Y,£1.2m,'], 'S12000047');
    expect(rows[0].contract).toMatchObject({ totalValue: 210000, annualValue: 1500000 });
    expect(rows[1].contract).toMatchObject({ totalValue: 1200000 });
  });

  it('leaves a value unknown rather than zero', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Value', 'A,X,Y,', 'B,X,Y,TBC'], 'S12000047');
    expect(rows.map((r) => [r.contract?.totalValue, r.contract?.totalValueSource])).toEqual([[null, null], [null, null]]);
  });

  it('imports a joint buyer as a joint contract of every council named', async () => {
    const { rows } = await read('cf.csv', ['Notice Identifier,Title,Organisation Name', 'N1,Shared revenues system,Blackpool Council and Wyre Council']);
    expect(rows[0].contract).toMatchObject({ councilCode: 'E06000009', jointCouncilCodes: ['E07000128'] });
    expect(rows[0].issues.map((i) => i.code)).toEqual(['JOINT_CONTRACT', 'SUPPLIER_MISSING']);
  });

  it('recognises a department, a trading arm, an official variant and an abolished council', async () => {
    const { rows } = await read('cf.csv', [
      'Notice Identifier,Title,Organisation Name',
      'N1,Scales,Blackpool Borough Council Trading Standards',
      'N2,Energy,Kent County Council (T/a LASER)',
      'N3,Waste,North East Lincolnshire Borough Council',
      'N4,Roads,Cumbria County Council',
    ]);
    expect(rows.map((r) => r.contract?.councilCode)).toEqual(['E06000009', 'E10000016', 'E06000012', 'E10000006']);
    expect(rows[3].issues.find((i) => i.code === 'COUNCIL_ASSUMED')?.message).toMatch(/abolished/);
  });

  it('takes the name from a Contracts Finder supplier cell of several parts', async () => {
    const { rows } = await read('cf.csv', ['"Notice Identifier","Title","Organisation Name","Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"', '"N1","CRM","Blackpool Council","Jadu Creative Limited|1 Street|CHN|0123|No|No"']);
    expect(rows[0].contract?.supplierName).toBe('Jadu Creative Limited');
  });

  it('reads a second start column of the same standing where the first is blank', async () => {
    const { rows } = await read('cf.csv', ['Notice Identifier,Title,Organisation Name,Contract start date,Start Date', 'N1,CRM,Blackpool Council,,15/03/2024', 'N2,CRM,Blackpool Council,01/05/2024,15/03/2024']);
    expect(rows.map((r) => r.contract?.startDate)).toEqual(['2024-03-15', '2024-05-01']);
  });

  it('warns of a one-day period', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Start,End', 'A,X,Y,01/04/2024,01/04/2024', 'B,X,Y,01/04/2024,02/04/2024', 'C,X,Y,01/04/2024,31/03/2025'], 'S12000047');
    expect(rows.map((r) => r.issues.some((i) => i.code === 'PERIOD_IMPLAUSIBLE'))).toEqual([true, true, false]);
  });

  it('records the unit an extension header gives', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Extension (months)', 'A,X,Y,12'], 'S12000047');
    expect(rows[0].contract).toMatchObject({ extensionText: '12', extensionUnit: 'months' });
  });

  it('fails a file of which no column names a contract, listing the headers it saw', async () => {
    await expect(read('fife.csv', ['Start Date,End Date,Value', '01/04/2024,31/03/2025,100'], 'S12000047')).rejects.toMatchObject({
      code: 'NO_REQUIRED_COLUMNS',
      message: expect.stringMatching(/"Start Date", "End Date", "Value"/),
    });
  });

  it('reads the OCDS-flattened headers of the public waste and energy file', async () => {
    const file = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/public/contracts_finder_council_waste_energy_contracts_2022.csv'), 'utf8');
    const opened = await openRegister(source('waste.csv', file), { councils });
    const mapped = Object.fromEntries(opened.layout.columns.filter((c) => c.field).map((c) => [c.header, c.field]));
    expect(mapped).toMatchObject({ release_id: 'reference', tender_title: 'title', tender_description: 'description', buyer_name: 'council', value_amount: 'totalValue', contractPeriod_startDate: 'startDate', contractPeriod_endDate: 'endDate' });
    let imported = 0;
    let total = 0;
    for await (const r of opened.rows) {
      total++;
      if (r.contract) imported++;
    }
    expect(total).toBe(683);
    expect(imported / total).toBeGreaterThan(0.9);
  });
});

describe('supplier cells that name no supplier', () => {
  it.each(['Contract not awarded', 'Not awarded', 'No award made', 'See attached list', 'Framework suppliers', 'Various suppliers', 'Withheld', 'Tender cancelled', 'In house', 'Not Applicable', 'Name withheld (as individual and not a company)', 'The contract has not been awarded and the procedure is now concl'])('"%s" is not a supplier', async (cell) => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier', `A,X,${cell}`], 'S12000047');
    expect(rows[0].contract?.supplierName).toBeNull();
    expect(rows[0].issues.map((i) => i.code)).toEqual(['SUPPLIER_WITHHELD']);
  });

  it.each(['Council Supplies Ltd', 'Notaward Ltd', 'Various Solutions Ltd', 'In House Training Ltd'])('"%s" is a supplier', async (cell) => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier', `A,X,${cell}`], 'S12000047');
    expect(rows[0].contract?.supplierName).toBe(cell);
  });
});

describe('a period in one column', () => {
  it.each([
    ['Term (from - to)', '01.05.26-30.04.28', '2026-05-01', '2028-04-30'],
    ['Contract Period (Start – End)', '01/04/2024 – 31/03/2027', '2024-04-01', '2027-03-31'],
    ['Start / End Date', '1 April 2024 to 31 March 2027', '2024-04-01', '2027-03-31'],
    ['Dates', '2024-04-01 - 2027-03-31', '2024-04-01', '2027-03-31'],
    ['Contract Dates', '01-Apr-24 - 31-Mar-27', '2024-04-01', '2027-03-31'],
  ])('"%s" holding "%s" gives the start and the end', async (header, cell, start, end) => {
    const { rows, columns } = await read('fife.csv', [`Ref,Title,Supplier,"${header}",Term`, `A,X,Y,${cell},24 months`], 'S12000047');
    expect(columns[3].field).toBe('contractPeriod');
    expect(rows[0].contract).toMatchObject({ startDate: start, endDate: end, durationMonths: 24 });
  });

  it('says when a period cannot be read', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier,Term (from - to)', 'A,X,Y,ongoing'], 'S12000047');
    expect(rows[0].issues.map((i) => i.code)).toContain('PERIOD_UNREADABLE');
  });

  it('keeps "Various (framework)" out of the suppliers', async () => {
    const { rows } = await read('fife.csv', ['Ref,Title,Supplier', 'A,X,Various (framework)'], 'S12000047');
    expect(rows[0].contract?.supplierName).toBeNull();
  });
});

describe('extension options stated only in the description', () => {
  it('takes the sentences about extending, and says so', async () => {
    const { rows } = await read('cf.csv', [
      'Notice Identifier,Title,Organisation Name,Description',
      'N1,Backup,Blackpool Council,"Provision of backup. The contract will be for an initial period of 5 years with the option to extend for a further 1 year then a further 1 year. Bids by noon."',
      'N2,Backup,Blackpool Council,Provision of backup.',
    ]);
    expect(rows[0].contract?.extensionText).toBe('The contract will be for an initial period of 5 years with the option to extend for a further 1 year then a further 1 year.');
    expect(rows[0].issues.map((i) => i.code)).toContain('EXTENSION_FROM_DESCRIPTION');
    expect(rows[1].contract?.extensionText).toBeNull();
  });
});

describe('what a contract is called, and codes in the wrong column', () => {
  it.each(['Requirement', 'Goods/Services', 'Goods or Services'])('"%s" is the title', async (header) => {
    const { rows } = await read('fife.csv', [`Ref,"${header}",Supplier`, 'A,Payroll system,Y'], 'S12000047');
    expect(rows[0].contract?.title).toBe('Payroll system');
  });

  it('takes the title from the first sentence of the description when no column gives one', async () => {
    const { rows } = await read('wdu.csv', ['"contract_description","supplier","ext_options"', '"SPYDUS library management system. Hosted.","Civica","2"'], 'S12000039');
    expect(rows[0].contract).toMatchObject({ title: 'SPYDUS library management system', description: 'SPYDUS library management system. Hosted.', extensionText: '2' });
  });

  it('reads a CPV code written in the category column as the CPV code', async () => {
    const { rows } = await read('nl.csv', ['Ref No,Goods/Services,Provider,Procurement Category', 'N1,Council Tax system,NEC,48000000 - Software package and information systems', 'N2,WAN,BT,32412000'], 'S12000050');
    expect(rows.map((r) => [r.contract?.category, r.contract?.cpv])).toEqual([[null, '48000000'], [null, '32412000']]);
  });

  it.each(['renewal_description', 'ext_options', 'Ext (Yrs)'])('"%s" is the extension column', async (header) => {
    const { columns } = await read('fife.csv', [`Ref,Title,Supplier,${header}`, 'A,X,Y,1+1'], 'S12000047');
    expect(columns[3].field).toBe('extensionText');
  });
});

describe('dates that are not the start, and starts not known yet', () => {
  it('leaves a blank start blank rather than taking the award date beside it', async () => {
    const { rows, columns } = await read('na.csv', ['REF,DESCRIPTION,AWARDED TO,AWARD DATE,CONTRACT START DATE (DD/MM/YYYY),EXPIRY DATE', 'A,Finance system,Unit4,11/06/2020,,31/08/2025', 'B,WAN,BT,11/06/2020,01/07/2020,30/06/2027'], 'S12000021');
    expect(rows.map((r) => r.contract?.startDate)).toEqual([null, '2020-07-01']);
    expect(columns[3].reason).toMatch(/award date is not the start date/);
  });

  it('reads a period whose start is not known yet', async () => {
    const { rows } = await read('mid.csv', ['Contract ID,Contract Name,Provider,Term (from - to)', '1,Verint CRM support,Verint,TBC-31/03/2029'], 'S12000019');
    expect(rows[0].contract).toMatchObject({ startDate: null, endDate: '2029-03-31' });
  });

  it.each([['to 30/09/2027'], ['until 30/09/2027'], ['- 30/09/2027'], ['Until 30 September 2027']])('reads a period cell that gives only its end (%s)', async (cell) => {
    const { rows } = await read('nay.csv', ['Ref,Title,Supplier,Duration (Start - End)', `2021/094,Managed print,Saltire Print,${cell}`], 'S12000021');
    expect(rows[0].contract).toMatchObject({ startDate: null, endDate: '2027-09-30' });
  });

  it('reads a "Contract Period" column whose start is TBC or missing', async () => {
    const { rows } = await read('nay.csv', ['Ref No,Description,Successful Supplier,Contract Period,Ext Options', '2022/281,Waste collection management software,Bartec,TBC to 12/08/2027,3', '2021/094,Managed print,Saltire Print,to 30/09/2027,2x1yr'], 'S12000021');
    expect(rows.map((r) => [r.contract?.startDate, r.contract?.endDate])).toEqual([[null, '2027-08-12'], [null, '2027-09-30']]);
  });

  it('reads a period cell that gives only its start (from 01/10/2024)', async () => {
    const { rows } = await read('nay.csv', ['Ref,Title,Supplier,Duration (Start - End)', '2021/095,Managed print,Saltire Print,from 01/10/2024'], 'S12000021');
    expect(rows[0].contract).toMatchObject({ startDate: '2024-10-01', endDate: null });
  });

  it('reads the first of two description columns as the title when none is named', async () => {
    const { rows, columns } = await read('falkirk.csv', ['DESCRIPTION,DETAILS,SUCCESSFUL SUPPLIER', 'Civica ICON cash receipting system,"Civica ICON cash receipting system. The Council requires a supplier.",Withheld'], 'S12000014');
    expect(columns.map((c) => c.field)).toEqual(['title', 'description', 'supplier']);
    expect(rows[0].contract?.title).toBe('Civica ICON cash receipting system');
  });
});

describe('more buyer and period forms', () => {
  it('reads a term column that holds the period', async () => {
    const { rows } = await read('say.csv', ['contract_id;title_of_contract;contractor;contract_period', 'CON0253;Confirm roads asset management;Brightly;24.03.21 to 23.03.26', 'CON0254;X;Y;5 years', 'CON0255;X;Y;01/08/2024 – ongoing'], 'S12000028');
    expect(rows.map((r) => [r.contract?.startDate, r.contract?.endDate, r.contract?.durationMonths])).toEqual([['2021-03-24', '2026-03-23', null], [null, null, 60], ['2024-08-01', null, null]]);
  });

  it('reads whole council names joined without the word council as a joint buyer', async () => {
    const { rows } = await read('ork.csv', ['ocid,tender_title,buyer_name', 'o1,Mosaic,ORKNEY ISLANDS & SHETLAND ISLANDS (JOINT PROCUREMENT)']);
    expect(rows[0].contract).toMatchObject({ councilCode: 'S12000023', jointCouncilCodes: ['S12000027'] });
  });
});

describe('a row told apart only by its description', () => {
  it('is a contract, not an unidentifiable row, when the supplier is withheld and there is no reference', async () => {
    const { rows } = await read('fal.csv', ['Description,Supplier,Contract Start Date (dd/mm/yyyy),To', 'Flowbird pay & display machines,Withheld,01/06/2026,31/05/2029'], 'S12000014');
    expect(rows[0].contract).toMatchObject({ title: 'Flowbird pay & display machines', startDate: '2026-06-01', endDate: '2029-05-31' });
  });
});

describe('a column headed only "Period"', () => {
  it('gives the start and end when its cells are dates, and the term when they are a length', async () => {
    const { rows } = await read('fife.csv', ['Subject,Vendor,Period,Contract Reference', 'Adobe licences,Oracle,01/11/24 – 31/10/27,1228', 'Payroll,Zellis,3 years,1229'], 'S12000047');
    expect(rows.map((r) => [r.contract?.startDate, r.contract?.endDate, r.contract?.durationMonths])).toEqual([['2024-11-01', '2027-10-31', null], [null, null, 36]]);
  });
});
