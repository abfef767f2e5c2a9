import { parseUkDate } from './parse-date';
import { endOfTerm, addMonths } from './calendar-date';

describe('parseUkDate', () => {
  it.each([
    ['31/03/2027', '2027-03-31'],
    ['31.03.2027', '2027-03-31'],
    ['31-03-2027', '2027-03-31'],
    ['1/4/2027', '2027-04-01'],
    ['31/03/27', '2027-03-31'],
    ['31-Mar-27', '2027-03-31'],
    ['31-Mar-2027', '2027-03-31'],
    ['31 March 2027', '2027-03-31'],
    ['31 Mar 2027', '2027-03-31'],
    ['1st April 2027', '2027-04-01'],
    ['2nd April 2027', '2027-04-02'],
    ['23rd September 2026', '2026-09-23'],
    ['March 31, 2027', '2027-03-31'],
    ['2027-03-31', '2027-03-31'],
    ['2027-03-31T00:00:00Z', '2027-03-31'],
    ['2027-03-31T00:00:00+01:00', '2027-03-31'],
    ['2027-03-30T23:00:00Z', '2027-03-31'], // midnight BST written in UTC
    ['2027-01-31T23:30:00Z', '2027-01-31'], // GMT in winter: same day
    ['2021-04-14 00:00:00', '2021-04-14'],
    ['31/03/2027 00:00', '2027-03-31'],
    ['46477', '2027-03-31'],
    ['45383', '2024-04-01'],
    ['29/02/2024', '2024-02-29'],
    ['  31/03/2027  ', '2027-03-31'],
  ])('reads %s as %s', (raw, expected) => {
    expect(parseUkDate(raw)).toEqual(expect.objectContaining({ ok: true, value: expected }));
  });

  it.each([
    ['03/31/2027', 'DATE_INVALID'], // month-first is never read
    ['12/31/2027', 'DATE_INVALID'],
    ['31/02/2027', 'DATE_INVALID'],
    ['29/02/2023', 'DATE_INVALID'],
    ['01/01/1', 'DATE_INVALID'],
    ['01/01/202', 'DATE_INVALID'],
    ['01/01/2200', 'DATE_IMPLAUSIBLE'],
    ['2200-01-01', 'DATE_IMPLAUSIBLE'],
    ['01/01/1900', 'DATE_IMPLAUSIBLE'],
    ['31 Foo 2027', 'DATE_INVALID'],
    ['next year', 'DATE_INVALID'],
    ['2027', 'DATE_INVALID'],
    ['00/01/2027', 'DATE_INVALID'],
  ])('refuses %s (%s)', (raw, code) => {
    expect(parseUkDate(raw)).toEqual(expect.objectContaining({ ok: false, code }));
  });

  it('treats a blank cell as no date, not an error', () => {
    expect(parseUkDate('   ')).toBeNull();
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2024-04-01', 36, '2027-03-31'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2023-03-01', 12, '2024-02-29'],
    ['2024-01-31', 1, '2024-02-28'],
    ['2025-10-15', 24, '2027-10-14'],
  ])('a %s start for %i months ends %s', (start, months, end) => {
    expect(endOfTerm(start, months)).toBe(end);
  });

  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
  });
});
