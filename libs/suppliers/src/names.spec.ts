import { companyNumber, decodeEntities, readSupplierCell, supplierKey } from './names';
import { editDistance } from './distance';
import { isTypo } from './cluster';

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

describe('readSupplierCell', () => {
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
  ])('%s / %s → %s', (a, b, expected) => {
    expect(isTypo(a, b)).toBe(expected);
  });

  it('measures adjacent swaps as one edit', () => {
    expect(editDistance('centre', 'center')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2); // stops early past the limit
  });
});
