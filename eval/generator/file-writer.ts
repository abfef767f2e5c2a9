/**
 * Turns a table into the bytes a council would upload: delimiter, quoting, line endings, encoding
 * (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16LE with BOM), and records the physical line each
 * data row starts on.
 */

export type TextEncoding = 'utf8' | 'utf8-bom' | 'windows-1252' | 'utf16le-bom';

export interface TableLayout {
  delimiter: ',' | '\t' | ';';
  eol: '\r\n' | '\n';
  /** Quote every field, not only those that need it. */
  quoteAll: boolean;
}

export interface SerializedTable {
  text: string;
  /** 1-based physical line on which each data row starts. */
  rowLines: number[];
}

function quoteField(value: string, layout: TableLayout): string {
  const needs = value.includes(layout.delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
  if (!needs && !layout.quoteAll) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Serialises preamble rows (titles, blank lines), the header and the data rows. Preamble cells are
 * quoted only when needed even in quote-all files (a title typed into A1 is not "quoted").
 */
export function serializeTable(preamble: string[][], header: string[], rows: string[][], layout: TableLayout, trailingEol: boolean): SerializedTable {
  const parts: string[] = [];
  let lines = 1;
  const push = (line: string, isLast: boolean) => {
    const chunk = isLast && !trailingEol ? line : line + layout.eol;
    parts.push(chunk);
    lines += countNewlines(chunk);
  };
  for (const row of preamble) push(row.map((c) => quoteField(c, { ...layout, quoteAll: false })).join(layout.delimiter), false);
  push(header.map((c) => quoteField(c, layout)).join(layout.delimiter), rows.length === 0);
  const rowLines: number[] = [];
  rows.forEach((row, i) => {
    rowLines.push(lines);
    push(row.map((c) => quoteField(c, layout)).join(layout.delimiter), i === rows.length - 1);
  });
  return { text: parts.join(''), rowLines };
}

const CP1252_SPECIAL: ReadonlyArray<readonly [number, number]> = [
  [0x80, 0x20ac], [0x82, 0x201a], [0x83, 0x0192], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020], [0x87, 0x2021],
  [0x88, 0x02c6], [0x89, 0x2030], [0x8a, 0x0160], [0x8b, 0x2039], [0x8c, 0x0152], [0x8e, 0x017d], [0x91, 0x2018],
  [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022], [0x96, 0x2013], [0x97, 0x2014], [0x98, 0x02dc],
  [0x99, 0x2122], [0x9a, 0x0161], [0x9b, 0x203a], [0x9c, 0x0153], [0x9e, 0x017e], [0x9f, 0x0178],
];
const CP1252_ENCODE = new Map<number, number>(CP1252_SPECIAL.map(([b, u]) => [u, b]));
const CP1252_DECODE = new Map<number, number>(CP1252_SPECIAL.map(([b, u]) => [b, u]));

/** True when every character of the text exists in Windows-1252. */
export function representableIn1252(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) || CP1252_ENCODE.has(cp)) continue;
    return false;
  }
  return true;
}

export function encodeWindows1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (CP1252_ENCODE.has(cp)) out.push(CP1252_ENCODE.get(cp) as number);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

export function decodeWindows1252(buf: Buffer): string {
  let s = '';
  for (const b of buf) s += String.fromCharCode(b >= 0x80 && b <= 0x9f ? (CP1252_DECODE.get(b) ?? b) : b);
  return s;
}

/** What happens when UTF-8 text is read as Windows-1252 and saved again as UTF-8 ("Â£", "â€™"). */
export function mojibake(text: string): string {
  return decodeWindows1252(Buffer.from(text, 'utf8'));
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8-bom': return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'windows-1252': return encodeWindows1252(text);
    case 'utf16le-bom': return Buffer.from(`\ufeff${text}`, 'utf16le');
  }
}

/** Decodes bytes written by encodeText (BOM sniffing; otherwise UTF-8 if valid, else Windows-1252). */
export function decodeBytes(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  const asUtf8 = buf.toString('utf8');
  if (!asUtf8.includes('\ufffd')) return asUtf8;
  return decodeWindows1252(buf);
}
