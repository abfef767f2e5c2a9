import { addMonths, Day, parseIso, wholeMonthsBetween } from './calendar';
import { decodeBytes } from './file-writer';
import { generateEvaluationSet } from './generate-registers';
import { alignedEnds } from './planted-groups';
import { CATALOGUE_PRODUCT_NAMES, SCOTTISH_COUNCILS, TAXONOMY } from './reference-data';
import { EvaluationSet, TruthContract } from './truth';

/** Physical line on which each CSV record starts, and the record's raw text (quote-aware). */
function records(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let inQuotes = false;
  let line = 1;
  let start = 0;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n') {
      if (!inQuotes) {
        out.push({ line: startLine, text: text.slice(start, i) });
        start = i + 1;
        startLine = line + 1;
      }
      line++;
    }
  }
  if (start < text.length) out.push({ line: startLine, text: text.slice(start) });
  return out;
}

/** Is there a 12-month window in [today + 9 months, today + 5 years] every member can reach by taking 0..k options in order? */
function findWindow(today: Day, members: { end: Day; options: number[] }[]): Day | null {
  const lo = addMonths(today, 9);
  const hi = addMonths(today, 60);
  const candidates = members.map((m) => alignedEnds(m.end, m.options));
  // a feasible window can always be slid to start at today + 9 months, at one of the candidate
  // ends, or to end at today + 5 years
  const latest = addMonths(hi, -12);
  const starts = [lo, latest, ...candidates.flat()].filter((s) => s >= lo && s <= latest);
  for (const s of starts) {
    const e = addMonths(s, 12);
    if (candidates.every((c) => c.some((d) => d >= s && d < e))) return s;
  }
  return null;
}

function checkSet(set: EvaluationSet, councils: number): void {
  const today = parseIso(set.today);
  const councilCodes = new Set(SCOTTISH_COUNCILS.map((c) => c.gss));
  const byFile = new Map<string, TruthContract[]>();
  for (const c of set.contracts) {
    const list = byFile.get(c.file) ?? [];
    list.push(c);
    byFile.set(c.file, list);
  }

  // files: one full register per council, 1-2 extracts, unique names
  expect(new Set(set.files.map((f) => f.name)).size).toBe(set.files.length);
  const councilFiles = set.files.filter((f) => f.councilCode !== null);
  expect(councilFiles).toHaveLength(councils);
  expect(new Set(councilFiles.map((f) => f.councilCode)).size).toBe(councils);
  const extracts = set.files.filter((f) => f.councilCode === null);
  expect(extracts.length).toBeGreaterThanOrEqual(1);
  expect(extracts.length).toBeLessThanOrEqual(2);

  for (const f of set.files) {
    expect(f.name).toMatch(/\.(csv|tsv|txt)$/);
    const rows = byFile.get(f.name) ?? [];
    if (f.councilCode !== null) {
      expect(rows.length).toBeGreaterThanOrEqual(20);
      expect(rows.length).toBeLessThanOrEqual(125);
      for (const r of rows) expect(r.councilCode).toBe(f.councilCode);
    }
    // every record after the header is a truth row starting on the stated line, and nothing else
    const text = decodeBytes(f.bytes);
    const recs = records(text).filter((r) => r.text.replace(/\r$/, '') !== '');
    const first = Math.min(...rows.map((r) => r.line));
    const dataRecs = recs.filter((r) => r.line >= first);
    expect(dataRecs.map((r) => r.line)).toEqual(rows.map((r) => r.line).sort((a, b) => a - b));
    const recAt = new Map(dataRecs.map((r) => [r.line, r.text]));
    for (const r of rows) {
      const rec = recAt.get(r.line) as string;
      expect(rec).toContain(r.title.replace(/"/g, '""'));
      if (r.supplierRaw !== null) expect(rec).toContain(r.supplierRaw.replace(/"/g, '""'));
      if (r.reference !== null) expect(rec).toContain(r.reference);
    }
  }

  // truth rows are well-formed
  for (const c of set.contracts) {
    expect(councilCodes.has(c.councilCode)).toBe(true);
    for (const j of c.jointCouncilCodes) {
      expect(councilCodes.has(j)).toBe(true);
      expect(j).not.toBe(c.councilCode);
    }
    expect(TAXONOMY).toContain(c.category);
    if (c.product !== null) expect(CATALOGUE_PRODUCT_NAMES).toContain(c.product);
    expect((c.supplierEntityId === null) === (c.supplierGroupId === null)).toBe(true);
    if (c.supplierRaw === null) expect(c.supplierEntityId).toBeNull();
    for (const d of [c.startDate, c.endDate]) if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (c.startDate && c.endDate) expect(c.startDate < c.endDate).toBe(true);
    for (const v of [c.annualValue, c.totalValue]) if (v !== null) expect(v).toBeGreaterThan(0);
    for (const o of c.extensionOptionsMonths) expect(Number.isInteger(o) && o > 0).toBe(true);
  }
  expect(set.contracts.some((c) => c.jointCouncilCodes.length > 0)).toBe(true);
  expect(set.contracts.some((c) => c.category === 'Not IT')).toBe(true);
  expect(set.contracts.some((c) => c.supplierEntityId === null)).toBe(true);
  expect(set.contracts.some((c) => c.endDate !== null && parseIso(c.endDate) < today && c.extensionOptionsMonths.length > 0)).toBe(true);

  // planted groups
  expect(set.plantedGroups).toHaveLength(6);
  const bases = set.plantedGroups.map((g) => g.basis);
  const nProduct = bases.filter((b) => b === 'product').length;
  expect(nProduct === 2 || nProduct === 3).toBe(true);
  expect(bases.filter((b) => b === 'supplier-group-and-category')).toHaveLength(2);
  expect(bases.filter((b) => b === 'category')).toHaveLength(6 - 2 - nProduct);
  const at = new Map(set.contracts.map((c) => [`${c.file}#${c.line}`, c]));
  for (const g of set.plantedGroups) {
    expect(g.members.length).toBeGreaterThanOrEqual(3);
    expect(g.members.length).toBeLessThanOrEqual(6);
    const members = g.members.map((m) => at.get(`${m.file}#${m.line}`) as TruthContract);
    for (const m of members) {
      expect(m).toBeDefined();
      expect(m.plantedGroup).toBe(g.id);
      expect(m.endDate).not.toBeNull();
    }
    expect(set.contracts.filter((c) => c.plantedGroup === g.id)).toHaveLength(members.length);
    expect(new Set(members.map((m) => m.councilCode)).size).toBe(members.length);
    expect([...g.councils].sort()).toEqual(members.map((m) => m.councilCode).sort());
    if (g.basis === 'product') {
      expect(members[0].product).not.toBeNull();
      for (const m of members) expect(m.product).toBe(members[0].product);
    } else {
      for (const m of members) expect(m.category).toBe(members[0].category);
      if (g.basis === 'supplier-group-and-category') {
        for (const m of members) expect(m.supplierGroupId).toBe(members[0].supplierGroupId);
        expect(new Set(members.map((m) => m.supplierEntityId)).size).toBeGreaterThan(1);
      }
    }
    // messy: suppliers spelt differently
    expect(new Set(members.map((m) => m.supplierRaw)).size).toBeGreaterThan(1);
    const ends = members.map((m) => parseIso(m.endDate as string)).sort((a, b) => a - b);
    // current ends are spread over more than 12 months...
    expect(wholeMonthsBetween(ends[0], ends[ends.length - 1])).toBeGreaterThan(12);
    // ...one member's end has already passed but it still has options...
    expect(members.some((m) => parseIso(m.endDate as string) < today && m.extensionOptionsMonths.length > 0)).toBe(true);
    // ...and taking options in order (only options the member has) aligns them in one window
    const w = findWindow(today, members.map((m) => ({ end: parseIso(m.endDate as string), options: m.extensionOptionsMonths })));
    expect(w).not.toBeNull();
    // without options they cannot be aligned
    expect(findWindow(today, members.map((m) => ({ end: parseIso(m.endDate as string), options: [] })))).toBeNull();
  }
}

describe('generateEvaluationSet', () => {
  const today = '2026-11-30';
  const set = generateEvaluationSet({ seed: 1, today });

  it('is deterministic for a seed and different across seeds', () => {
    const again = generateEvaluationSet({ seed: 1, today });
    expect(again.files.map((f) => f.name)).toEqual(set.files.map((f) => f.name));
    again.files.forEach((f, i) => expect(f.bytes.equals(set.files[i].bytes)).toBe(true));
    expect(JSON.stringify(again.contracts)).toEqual(JSON.stringify(set.contracts));
    expect(JSON.stringify(again.plantedGroups)).toEqual(JSON.stringify(set.plantedGroups));
    const other = generateEvaluationSet({ seed: 2, today });
    expect(JSON.stringify(other.contracts)).not.toEqual(JSON.stringify(set.contracts));
  });

  it('matches its truth for seed 1 (files, lines, fields, planted groups)', () => {
    expect(set.today).toBe(today);
    expect(set.seed).toBe(1);
    checkSet(set, 32);
  });

  it('uses every encoding, delimiter and line ending', () => {
    const bytes = set.files.map((f) => f.bytes);
    expect(bytes.some((b) => b[0] === 0xff && b[1] === 0xfe)).toBe(true);
    expect(bytes.some((b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)).toBe(true);
    expect(bytes.some((b) => b.includes(0xa3) && b.toString('utf8').includes('\ufffd'))).toBe(true);
    expect(bytes.some((b) => b[0] !== 0xef && b[0] !== 0xff && !b.toString('utf8').includes('\ufffd'))).toBe(true);
    const texts = set.files.map((f) => decodeBytes(f.bytes));
    expect(texts.some((t) => t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => !t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => t.split('\n').some((l) => l.split('\t').length > 5))).toBe(true);
    expect(texts.some((t) => t.split('\n').some((l) => l.split(';').length > 5))).toBe(true);
    expect(texts.some((t) => t.includes('Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]'))).toBe(true);
    expect(texts.some((t) => t.includes('contractPeriod_startDate'))).toBe(true);
  });

  it.each([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])('holds for seed %i', (seed) => {
    checkSet(generateEvaluationSet({ seed, today: '2025-06-15' }), 32);
  });

  it('supports fewer councils', () => {
    checkSet(generateEvaluationSet({ seed: 42, today: '2027-01-31', councils: 10 }), 10);
  });
});
