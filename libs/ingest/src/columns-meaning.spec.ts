import { mapColumns } from './columns';

/** Headers from the issue "Right on registers nobody here has seen" and from the public Contracts Finder files. */
describe('headers matched by meaning', () => {
  it.each([
    ['Award Date / Start', 'startDate'],
    ['Start (award) date', 'startDate'],
    ['Contract Start Date (dd/mm/yyyy)', 'startDate'],
    ['Date From', 'startDate'],
    ['End date (current)', 'endDate'],
    ['Contract End Date (dd/mm/yy)', 'endDate'],
    ['Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]', 'supplier'],
    ['contractPeriod_startDate', 'startDate'],
    ['contractPeriod_endDate', 'endDate'],
    ['value_amount', 'totalValue'],
    ['tender_title', 'title'],
    ['tender_description', 'description'],
    ['buyer_name', 'council'],
    ['release_id', 'reference'],
    ['Notice Identifier', 'reference'],
    ['Organisation Name', 'council'],
    ['Value Low', 'valueLow'],
    ['Value High', 'valueHigh'],
    ['Extension (months)', 'extensionText'],
    ['Ext. (months)', 'extensionText'],
    ['Option to Extend', 'extensionText'],
    ['Value (£k)', 'totalValue'],
    ['Estimated Value (£k)', 'totalValue'],
    ['Annual Value (£)', 'annualValue'],
    ['Value p.a.', 'annualValue'],
    ['Whole Life Cost', 'totalValue'],
    ['Awarded To', 'supplier'],
    ['Contract No.', 'reference'],
    ['Our Ref', 'reference'],
    ['Spend Category', 'category'],
    ['Contract Title / Description', 'title'],
    ['contract_length_months', 'durationMonths'],
    ['Original End Date', 'endDate'],
    ['Renewal Date', 'endDate'],
    ['Contract Period (Years)', 'durationMonths'],
    ['Initial Term (yrs)', 'durationMonths'],
    ['Extension Period Available (Months)', 'extensionText'],
    ['No. of Extensions', 'extensionText'],
    ['Est. Total Contract Value (£)', 'totalValue'],
    ['Annual Contract Value (£ ex VAT)', 'annualValue'],
    ['Contractor / Supplier Name', 'supplier'],
    ['Lead Authority', 'council'],
    ['Unique ID', 'reference'],
    ['Title of Agreement', 'title'],
    ['Commenced', 'startDate'],
    ['Extension Option(s) Remaining', 'extensionText'],
    ['extension_option_s_remaining', 'extensionText'],
  ])('"%s" is read as %s', (header, field) => {
    const [col] = mapColumns([header]);
    expect(col.field).toBe(field);
    expect(col.reason).toMatch(/\w/);
  });

  it.each(['Published Date', 'Closing Date', 'Contact Email', 'Notice Type', 'Status', 'Postcode', 'Contact Telephone', 'Supplier Address', 'Contract Manager', 'Vendor No', 'Supplier ID', 'Payment Terms', 'No. of Bids', 'Number of staff', 'Review Date', 'Date Signed', 'Lead Officer', 'Procurement Route'])(
    '"%s" is kept as an extra attribute',
    (header) => {
      const [col] = mapColumns([header]);
      expect(col.field).toBeNull();
      expect(col.reason).toMatch(/extra attribute/);
    },
  );

  it('reads the unit a snake_case header gives', () => {
    const [ext, total] = mapColumns(['extension_period_months', 'total_value_gbp_k']);
    expect([ext.field, ext.unit, total.field, total.scale]).toEqual(['extensionText', 'months', 'totalValue', 1000]);
  });

  it('reads the unit a header gives', () => {
    const cols = mapColumns(['Extension (months)', 'Duration (years)', 'Value (£k)', 'Annual Value (£m)', 'Extension Options']);
    expect(cols.map((c) => [c.field, c.unit ?? null, c.scale ?? null])).toEqual([
      ['extensionText', 'months', null],
      ['durationMonths', 'years', null],
      ['totalValue', null, 1000],
      ['annualValue', null, 1000000],
      [null, null, null],
    ]);
    expect(cols[4].reason).toMatch(/Extension \(months\)/);
  });

  it('decides a column two fields could claim by the stated rule: exact name, then the more specific name, then the leftmost; the other is read when it is blank', () => {
    const cols = mapColumns(['Start Date', 'Awarded Date', 'Contract start date', 'End Date', 'Contract end date']);
    expect(cols.map((c) => c.field)).toEqual([null, null, 'startDate', null, 'endDate']);
    expect(cols[0].fallbackFor).toBe('startDate');
    // An award date is a different date from the start: never read for a blank start.
    expect(cols[1].fallbackFor).toBeUndefined();
    expect(cols[3].fallbackFor).toBe('endDate');
    expect(cols[0].reason).toMatch(/Contract start date/);
  });

  it('never reads an award date alone as the start (it is another date), but does where the header says start too', () => {
    expect(mapColumns(['Award Date', 'Start Date']).map((c) => c.field)).toEqual([null, 'startDate']);
    expect(mapColumns(['Date Awarded', 'Commencement Date', 'Expiry']).map((c) => c.field)).toEqual([null, 'startDate', 'endDate']);
    expect(mapColumns(['Award Date', 'Expiry']).map((c) => c.field)).toEqual([null, 'endDate']);
    expect(mapColumns(['Award Date / Start', 'Expiry']).map((c) => c.field)).toEqual(['startDate', 'endDate']);
  });

  it.each(['max_expiry_all_options', 'End date including extensions', 'Final Expiry (incl. options)', 'Maximum End Date'])('"%s" is the end with every option taken, not the current end', (header) => {
    expect(mapColumns([header])[0].field).toBeNull();
  });

  it('takes the name part of a Contracts Finder supplier cell', () => {
    const [col] = mapColumns(['Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]']);
    expect(col.part).toEqual({ separator: '|', index: 0 });
  });
});
