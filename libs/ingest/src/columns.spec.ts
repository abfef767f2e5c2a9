import { fieldForHeader, mapColumns, normaliseHeader } from './columns';

describe('column names', () => {
  it.each([
    ['Contract Reference', 'reference'], ['Ref No.', 'reference'], ['ID', 'reference'], ['Contract No', 'reference'],
    ['Supplier', 'supplier'], ['Supplier Name', 'supplier'], ['Contractor', 'supplier'], ['Awarded Supplier', 'supplier'],
    ['Start Date', 'startDate'], ['Commencement Date', 'startDate'], ['Start', 'startDate'],
    ['End Date', 'endDate'], ['Expiry Date', 'endDate'], ['Contract End Date', 'endDate'],
    ['Duration (months)', 'durationMonths'], ['Duration (Years)', 'durationMonths'],
    ['Extension Options', 'extensionText'], ['Possible Extensions', 'extensionText'], ['Extension Period', 'extensionText'],
    ['Notice Period', 'noticePeriod'],
    ['Annual Value', 'annualValue'], ['Value per annum', 'annualValue'], ['Estimated Annual Value (£)', 'annualValue'],
    ['Total', 'totalValue'], ['Whole Life Value', 'totalValue'], ['Contract Value', 'totalValue'], ['Contract Value (£)', 'totalValue'],
    ['Category', 'category'], ['Commodity', 'category'], ['Procurement Category', 'category'],
    ['CPV', 'cpv'], ['CPV Code', 'cpv'],
    ['Department', 'department'], ['Service Area', 'department'], ['Directorate', 'department'],
    ['Companies House', 'companyNumber'], ['Company Number', 'companyNumber'],
    ['Council', 'council'], ['Organisation Name', 'council'],
    ['  CONTRACT   TITLE ', 'title'],
  ])('"%s" is %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('leaves unknown columns unmapped so they are kept as extras', () => {
    expect(fieldForHeader('Contract Manager Email')).toBeNull();
  });

  it('normalises punctuation and symbols', () => {
    expect(normaliseHeader('Value (£) p.a.')).toBe('value p a');
  });

  it('gives a field to one column only (the more specific name), and lets a saved mapping win', () => {
    const cols = mapColumns(['Value', 'Contract Value', 'Lot', 'Supplier'], { Lot: 'category', Supplier: null });
    expect(cols.map((c) => [c.field, c.source])).toEqual([
      [null, 'unmapped'], ['totalValue', 'auto'], ['category', 'saved'], [null, 'saved'],
    ]);
    expect(cols[0].fallbackFor).toBe('totalValue');
  });
});
