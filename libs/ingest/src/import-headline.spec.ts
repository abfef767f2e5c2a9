import { importHeadline } from './import-headline';

describe('importHeadline', () => {
  it.each([
    [{ status: 'completed', rows: 683, imported: 0, rejected: 683 }, true, /^MOSTLY REJECTED: 683 of 683 rows \(100%\)/],
    [{ status: 'completed', rows: 10, imported: 4, rejected: 6 }, true, /^MOSTLY REJECTED: 6 of 10 rows \(60%\) were rejected and only 4 imported/],
    [{ status: 'completed', rows: 10, imported: 5, rejected: 5 }, false, /^10 rows: 5 imported, 5 rejected$/],
    [{ status: 'completed', rows: 0, imported: 0, rejected: 0 }, false, /^0 rows/],
    [{ status: 'failed', rows: 0, imported: 0, rejected: 0 }, false, /^FAILED/],
  ])('%p', (r, mostly, text) => {
    const h = importHeadline(r);
    expect(h.mostlyRejected).toBe(mostly);
    expect(h.text).toMatch(text);
  });
});
