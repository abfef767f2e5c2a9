import { isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** How it was decided, for the import report. */
  evidence: string;
}

export class NotTextError extends Error {
  constructor(readonly code: 'NOT_CSV' | 'EMPTY_FILE', message: string) {
    super(message);
  }
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (an .xlsx or .ods spreadsheet?); save it as CSV and upload that'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) or Word file; save it as CSV and upload that'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/** Bytes at the end of `chunk` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(chunk: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Decides a register's encoding from its bytes: a BOM if there is one, else UTF-8
 * if every byte sequence is valid UTF-8, else Windows-1252 (what Excel on Windows
 * writes, with £ as byte 0xA3). Reads `chunks` once, in full, without keeping them.
 * Example: the bytes `A3 31 30` (Excel's "£10") give `windows-1252`.
 */
export async function detectEncoding(chunks: AsyncIterable<Uint8Array>): Promise<EncodingGuess> {
  let first = true;
  let carry: Uint8Array = new Uint8Array(0);
  let total = 0;
  for await (const raw of chunks) {
    if (raw.length === 0) continue;
    if (first) {
      first = false;
      if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return { encoding: 'utf-8', evidence: 'UTF-8 byte order mark' };
      if (raw[0] === 0xff && raw[1] === 0xfe) return { encoding: 'utf-16le', evidence: 'UTF-16 LE byte order mark' };
      if (raw[0] === 0xfe && raw[1] === 0xff) return { encoding: 'utf-16be', evidence: 'UTF-16 BE byte order mark' };
      for (const [magic, what] of MAGIC) {
        if (magic.every((b, i) => raw[i] === b)) throw new NotTextError('NOT_CSV', `the file is not a CSV register: it looks like ${what}`);
      }
      const head = raw.subarray(0, 4096);
      const nuls = head.filter((b) => b === 0).length;
      if (nuls > 0) {
        // UTF-16 without a BOM shows as every other byte NUL in ASCII text.
        const evenNuls = head.filter((b, i) => b === 0 && i % 2 === 0).length;
        const oddNuls = nuls - evenNuls;
        if (oddNuls > head.length / 4 && evenNuls === 0) return { encoding: 'utf-16le', evidence: 'UTF-16 LE pattern (no BOM)' };
        if (evenNuls > head.length / 4 && oddNuls === 0) return { encoding: 'utf-16be', evidence: 'UTF-16 BE pattern (no BOM)' };
        throw new NotTextError('NOT_CSV', 'the file is not a CSV register: it contains binary data (NUL bytes)');
      }
    }
    total += raw.length;
    const joined = carry.length ? Buffer.concat([carry, raw]) : raw;
    const tail = incompleteTail(joined);
    const body = joined.subarray(0, joined.length - tail);
    if (!isUtf8(body)) return { encoding: 'windows-1252', evidence: 'bytes that are not valid UTF-8 (e.g. 0xA3 for £): read as Windows-1252' };
    carry = joined.slice(joined.length - tail);
  }
  if (total === 0) throw new NotTextError('EMPTY_FILE', 'the file is empty');
  if (carry.length > 0) return { encoding: 'windows-1252', evidence: 'file ends inside a UTF-8 sequence: read as Windows-1252' };
  return { encoding: 'utf-8', evidence: 'valid UTF-8 throughout' };
}

/** Decodes `chunks` as `encoding`, dropping a BOM, never splitting a character across chunks. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding: TextEncodingName): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

// Windows-1252 bytes 0x80-0x9F that are not Latin-1.
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
const MOJIBAKE_HINT = /[ÂÃâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/;

/** Whether `text` could hold mojibake at all; false lets a reader skip checking cell by cell. */
export function mayHaveMojibake(text: string): boolean {
  return MOJIBAKE_HINT.test(text);
}

/**
 * Undoes UTF-8 text that was once read as Windows-1252 and saved again ("Â£" for "£",
 * "â€™" for "’"). Returns null when the text shows no such damage or cannot be undone.
 * Example: `repairMojibake('Â£45,000')` is `'£45,000'`.
 */
export function repairMojibake(text: string): string | null {
  if (!MOJIBAKE_HINT.test(text)) return null;
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x100 && !(code >= 0x80 && code <= 0x9f)) bytes.push(code);
    else if (CP1252_HIGH[ch] !== undefined) bytes.push(CP1252_HIGH[ch]);
    else return null;
  }
  const buf = Buffer.from(bytes);
  if (!isUtf8(buf)) return null;
  const repaired = buf.toString('utf8');
  return repaired !== text ? repaired : null;
}
