import { decodeEntities, supplierKey } from './names';
import { companyNumber, isNotASupplier, readSupplierCell } from './supplier-cell';
import { editDistance } from './distance';
import { isTypo } from './slips';

describe('supplierKey folds', () => {
  it.each([
    ['case', 'CIVICA', 'Civica'],
    ['legal suffix Ltd', 'Civica Ltd', 'Civica'],
    ['legal suffix Limited', 'Civica Limited', 'Civica'],
    ['suffixes stacked', 'Civica UK Limited', 'Civica'],
    ['(UK) before a suffix', 'Insight Direct (UK) Ltd', 'Insight Direct'],
    ['plc', 'Softcat plc', 'Softcat'],
    ['public limited company', 'BRITISH TELECOMMUNICATIONS PUBLIC LIMITED COMPANY', 'British Telecommunications plc'],
    ['LLP', 'SEEMiS Group LLP', 'SEEMiS Group'],
    ['& and "and"', 'Ove Arup & Partners', 'Ove Arup and Partners'],
    ['HTML entity &amp;', 'Ove Arup &amp; Partners', 'Ove Arup & Partners'],
    ['the', 'The Access Group', 'Access Group'],
    ['punctuation', 'WYG Environment, Planning & Transport', 'WYG Environment Planning Transport'],
    ['dots in initials', 'J.D. Macadam & Son', 'JD Macadam and Son'],
    ['apostrophes, straight and curly', "O'Callaghan Ltd", 'O’Callaghan Ltd'],
    ['hyphens inside words', 'Home-Start Central Lancashire', 'Homestart Central Lancashire'],
    ['accents', 'Société Générale', 'Societe Generale'],
    ['word order', 'Software Idox Ltd', 'Idox Software'],
    ['whitespace', '  Civica   UK  ', 'Civica UK'],
    ['a trailing acronym of the name', 'Conservation Contracts North West Ltd (CCNW)', 'Conservation Contracts North West Ltd'],
    ['a trailing full stop', 'Sure Maintenance Ltd.', 'Sure Maintenance'],
    ['a misspelt suffix', 'Sure Maintenance Limted', 'Sure Maintenance'],
    ['"Limitd"', 'Sure Maintenance Limitd', 'Sure Maintenance Ltd'],
    ['"Lmited"', 'Sure Maintenance Lmited', 'Sure Maintenance Ltd'],
    ['"LTD"', 'SURE MAINTENANCE LTD', 'Sure Maintenance Limited'],
    ['"Ltd." and "L.T.D."', 'Sure Maintenance Ltd.', 'Sure Maintenance L.T.D.'],
    ['"Lts"', 'R.A. Edwards Lts', 'R A Edwards Ltd'],
    ['"Ldt"', 'Sure Maintenance Ldt', 'Sure Maintenance'],
    ['a suffix before a bracketed place', 'Lawrence Vehicles Ltd (DAF Lancashire)', 'Lawrence Vehicles (DAF Lancashire) Limited'],
    ['"U.K." and "(U K)"', 'Wilker U.K. Limited', 'Wilker (U K) Ltd'],
    ['"+" for "and"', 'A+D Supplies', 'A & D Supplies'],
    ['doubly encoded entities', 'Ove Arup &amp;amp; Partners', 'Ove Arup & Partners'],
    ['mojibake of UTF-8 read as Windows-1252', 'SociÃ©tÃ© GÃ©nÃ©rale', 'Société Générale'],
    ['letters NFKD leaves alone', 'Ørsted', 'Orsted'],
    ['a bracketed acronym inside the name', 'The Environment Partnership (TEP) Limited', 'The Environment Partnership Limited'],
  ])('%s: %s ≡ %s', (_rule, a, b) => {
    expect(supplierKey(a)).toBe(supplierKey(b));
    expect(supplierKey(a)).not.toBe('');
  });

  it.each([
    ['Capita', 'Capital'],
    ['Capita', 'Capita Business Services'],
    ['Vodafone', 'Vodafone Connect'],
    ['Wyre Borough Council', 'Wyre Forest District Council'],
    ['Unit4', 'Unit 5'],
    ['Aspin and Company', 'Aspin and Company Chartered Surveyors'],
    ['UK Power Networks', 'Power Networks Holdings'],
    ['Options Autism (1) Limited', 'Options Autism (5) Limited'],
    ['Sure Maintenance Ltd', 'Sure Maintenance Lighting Ltd'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(supplierKey(a)).not.toBe(supplierKey(b));
  });

  it('keeps UK inside a name ("Age UK Lancashire")', () => {
    expect(supplierKey('Age UK Lancashire')).toBe('age lancashire uk');
  });

  it('never folds a name away entirely', () => {
    expect(supplierKey('Limited')).toBe('limited');
    expect(supplierKey('The Company Ltd')).not.toBe('');
  });
});

describe('decodeEntities', () => {
  it.each([
    ['Anderson &amp; Sons', 'Anderson & Sons'],
    ['Chorley Women&#039;s Centre', "Chorley Women's Centre"],
    ['&#xA3;45,000', '£45,000'],
    ['no entities', 'no entities'],
    ['&bogus; stays', '&bogus; stays'],
  ])('%s → %s', (raw, expected) => {
    expect(decodeEntities(raw)).toBe(expected);
  });
});

describe('isNotASupplier', () => {
  it.each([
    'Contract not awarded',
    'The contract has not been awarded and the procedure is now concl',
    'Not awarded',
    'No award made',
    'Various',
    'Various suppliers',
    'VARIOUS',
    'Multiple suppliers',
    'Withheld',
    'Name withheld (as individual and not a company)',
    'Supplier name withheld',
    '[Redacted]',
    'REDACTED',
    'N/A',
    'n/a',
    'N/A - framework call-off',
    'NA',
    'Not Applicable',
    'TBC',
    'To be confirmed',
    'tbd',
    'See attached',
    'See attached list',
    'Please see attached schedule',
    'see below',
    'None',
    'Unknown',
    '-',
    '?',
    'Commercially sensitive',
    'Awaiting award',
    'Cancelled',
    'Various suppliers - see attached schedule',
    'TBC (framework call-off)',
    'Multiple (see lots)',
    'Redacted for commercial reasons',
    'Individual - name withheld',
    'Not known at this time',
    'In-house',
  ])('%j is not a supplier', (raw) => {
    expect(isNotASupplier(raw)).toBe(true);
  });

  it.each([
    'Civica UK Ltd',
    'N A Williams Ltd',
    'See Saw Nursery Ltd',
    'TBC Construction Ltd',
    'Multiple Sclerosis Society',
    'Unlimited Potential',
    'Various Artists Management Ltd',
    'Nacro',
    'Care Now Ltd',
    'No Limits Care Ltd',
    'Awards Unlimited Ltd',
    'Framework Ltd',
    'Unknown Worlds Entertainment Ltd',
    'Several Hands Care',
    'The Individual Care Company Ltd',
  ])('%j is a supplier', (raw) => {
    expect(isNotASupplier(raw)).toBe(false);
  });
});

describe('readSupplierCell', () => {
  it.each([
    ['Intelligent Resource (Was Sopra Steria Recruitment Ltd)', 'Intelligent Resource', ['Sopra Steria Recruitment Ltd'], null],
    ['Keys Care (formerly BetterCare Keys Limited)', 'Keys Care', ['BetterCare Keys Limited'], null],
    ['Acme Widgets Ltd formerly Acme Tools Ltd', 'Acme Widgets Ltd', ['Acme Tools Ltd'], null],
    ['Acme Widgets Ltd (previously known as Acme Tools Ltd)', 'Acme Widgets Ltd', ['Acme Tools Ltd'], null],
    ['Northgate Public Services (now NEC Software Solutions UK)', 'Northgate Public Services', ['NEC Software Solutions UK'], null],
    ['Centra Care &amp; Support (registered as Circle Support)', 'Centra Care & Support', ['Circle Support'], null],
    ['Gradlist Ltd (trading as TalentPool)', 'Gradlist Ltd', ['TalentPool'], null],
    ['Springfield Care Ltd t/as ComForcare Senior Services', 'Springfield Care Ltd', ['ComForcare Senior Services'], null],
    ['Aprite GB Ltd, t/a West Way Nissan', 'Aprite GB Ltd', ['West Way Nissan'], null],
    ['Acme Widgets Ltd (formerly Acme Tools) Limited', 'Acme Widgets Ltd Limited', ['Acme Tools'], null],
    ['Teal (part of Senator International Ltd)', 'Teal', [], 'Senator International Ltd'],
    ['M&amp;C Energy Group, a subsidiary of Schneider Electric', 'M&C Energy Group', [], 'Schneider Electric'],
    ['Greenfields, part of Caretech', 'Greenfields', [], 'Caretech'],
    // Contracts Finder cuts names at 64 characters: a cut annotation too short to name anyone is dropped,
    // a cut legal suffix is dropped.
    ['McHale Contracts &amp; Plant Environmental LLP (Trading as MCP E', 'McHale Contracts & Plant Environmental LLP', [], null],
    ['British Lime Association (Part of Mineral Product Association Lt', 'British Lime Association', [], 'Mineral Product Association'],
    ['Vistry Partnerships (formerly known as Galliford Try Partnership', 'Vistry Partnerships', ['Galliford Try Partnership'], null],
    ['Care Now Ltd', 'Care Now Ltd', [], null],
    ['Ecclesiastical c/o Risk Management Partners', 'Ecclesiastical', [], null],
  ])('%j → primary %j, other names %j, parent %j', (raw, primary, others, parent) => {
    const cell = readSupplierCell(raw);
    expect([cell.primary, cell.otherNames, cell.parent]).toEqual([primary, others, parent]);
  });

  it.each([
    ['Vistry Partnerships (formerly known as Galliford Try Partnership', 'Galliford Try Partnership'],
    ['Centre Thirty Three Young People&#039;s Counselling and Informat', "Centre Thirty Three Young People's Counselling and Informat"],
    ['Civica UK Ltd', null],
  ])('%j: the name cut short is %j', (raw, cut) => {
    expect(readSupplierCell(raw).cutName).toBe(cut);
  });

  it.each([
    ['N/A', ''],
    ['Contract not awarded', ''],
    ['n/a;Civica UK Ltd', 'Civica UK Ltd'],
    ['Various,Capita plc', 'Capita plc'],
  ])('%j: not a supplier is no primary (%j)', (raw, primary) => {
    expect(readSupplierCell(raw).primary).toBe(primary);
  });

  it.each([
    ['Electrosafe Ltd T/A Veriserv', 'Electrosafe Ltd', 'Veriserv', 0],
    ['Critiqom Limited trading as Mail Metrics', 'Critiqom Limited', 'Mail Metrics', 0],
    ['John Wade Groundworks Ltd, T/a Wade Group', 'John Wade Groundworks Ltd', 'Wade Group', 0],
    ['Ecclesiastical c/o Risk Management Partners', 'Ecclesiastical', null, 0],
    ['BAKER, LOMAX &amp; SHACKLEY LIMITED', 'BAKER, LOMAX & SHACKLEY LIMITED', null, 0],
    ['Lea Hough,Sanderson Weatherall', 'Lea Hough', null, 2],
    ['Civica UK Ltd; Capita plc', 'Civica UK Ltd', null, 2],
    ['Shell Energy,Shell Energy,Shell Energy', 'Shell Energy', null, 0],
    ['Softcat plc\nMicrosoft Ltd', 'Softcat plc', null, 2],
  ])('%j → primary %j, trading %j, %i named', (raw, primary, trading, several) => {
    const cell = readSupplierCell(raw);
    expect([cell.primary, cell.tradingName, cell.several.length]).toEqual([primary, trading, several]);
    if (several > 0) expect(cell.notes.join(' ')).toMatch(/names \d suppliers/);
  });
});

describe('companyNumber', () => {
  it.each([
    ['02366995', '02366995'],
    ['2366995', '02366995'],
    ['SC201416', 'SC201416'],
    ['sc 201416', 'SC201416'],
    ['NI018486', 'NI018486'],
    ['NI18486', 'NI018486'],
    ['OC301816', 'OC301816'],
    ['0100165SC', null],
    ['', null],
    [null, null],
    ['123456789', null],
  ])('%j → %j', (raw, expected) => {
    expect(companyNumber(raw)).toBe(expected);
  });
});

describe('typo rule', () => {
  it.each([
    ['civica', 'civca', true],
    ['computacenter', 'computacentre', true],
    ['playdale playgrounds', 'paydale playgrounds', true],
    ['liquid logic', 'liquidlogic', true],
    ['capita', 'capital', false],
    ['atkins', 'watkins', false],
    ['business software unit4', 'business software unit5', false],
    ['idox', 'idex', false],
    ['motus commercials', 'motus commercial derby', false],
    ['comptuacenter', 'computacenter', true],
    ['sopr asteria', 'sopra steria', true],
    ['soprasteria', 'sopra steria', true],
    ['willmott dixon construction', 'wilmot dixon construction', true],
    ['crown commercial service', 'crown commercial services', true],
    ['north consulting', 'forth consulting', false],
    ['unit 4', 'unit 5', false],
    ['unit4', 'unit 4', true],
    ['esland north', 'esland south', false],
    ['capita software', 'capital software', false],
    ['keys pce', 'keys pcf', false],
    ['sgs mis environmental', 'sgs dmw environmental', false],
    ['care link', 'core link', false],
  ])('%s / %s → %s', (a, b, expected) => {
    expect(isTypo(a, b)).toBe(expected);
  });

  it('measures adjacent swaps as one edit', () => {
    expect(editDistance('centre', 'center')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2); // stops early past the limit
  });
});
