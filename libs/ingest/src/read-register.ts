import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';
import { ColumnMapping, CONTRACT_SHAPED_FIELDS, fieldLabel, headerScore, IDENTIFYING_FIELDS, mapColumns, MappedColumn } from './columns';
import { CouncilDirectory } from './councils';
import { decodeChunks, detectEncoding, EncodingGuess, mayHaveMojibake, NotTextError } from './decode-text';
import { CellMemo, normaliseRow, RowOutcome } from './normalise-row';
import { DateOptions } from './parse-date';
import { RegisterError } from './row-issue';

/** A register's bytes, which can be read more than once (encoding is decided on a first pass). */
export interface RegisterSource {
  name: string;
  open(): AsyncIterable<Uint8Array>;
}

export interface ReadOptions {
  councils: CouncilDirectory;
  /** GSS code the uploader gave for the whole file (already resolved). */
  council?: string | null;
  savedMapping?: ColumnMapping;
  dates?: DateOptions;
  /** How far down to look for the header row (default 30 rows). */
  headerSearchRows?: number;
  /** Largest CSV record accepted, in characters (default 1 MiB; `limits.rowChars` when given). */
  maxRecordSize?: number;
  /** How much is read: rows, columns and characters in a cell and in a row (IMPORT_MAX_*); over one, the file fails as OVER_LIMIT naming it. */
  limits?: { rows: number; columns: number; cellChars: number; rowChars: number };
}

export interface RegisterLayout {
  encoding: EncodingGuess;
  delimiter: string;
  /** Spreadsheet row number of the header. */
  headerRow: number;
  /** Non-blank rows above the header, e.g. "Fife Council – Contracts Register". */
  titleRows: string[];
  columns: MappedColumn[];
  /** Council of the whole file and where it came from; null when rows carry their own. */
  council: string | null;
  councilSource: 'column' | 'given' | 'file-name';
}

export interface OpenedRegister {
  layout: RegisterLayout;
  /** Every data row below the header, blank rows left out. */
  rows: AsyncGenerator<RowOutcome>;
  /** The same rows, a decoded chunk's worth at a time (cheaper for large files). Use one or the other. */
  chunks: AsyncGenerator<RowOutcome[]>;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines most consistently (quotes respected). */
export function sniffDelimiter(sample: string): string {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of sample.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    if ((ch === '\n' || ch === '\r') && !quoted) {
      if (current.trim()) lines.push(current);
      current = '';
      if (lines.length >= 40) break;
    } else current += ch;
  }
  if (current.trim() && lines.length < 40) lines.push(current);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((line) => {
      let n = 0;
      let q = false;
      for (const ch of line) {
        if (ch === '"') q = !q;
        else if (ch === d && !q) n++;
      }
      return n;
    });
    const withIt = counts.filter((c) => c > 0);
    if (withIt.length === 0) continue;
    // Lines that agree on the most common count, weighted by that count.
    const freq = new Map<number, number>();
    for (const c of withIt) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, modeCount] = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    const score = modeCount * Math.log2(mode + 1);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** A decoded chunk's complete records, and whether its text shows any sign of mojibake. */
interface RecordChunk {
  records: string[][];
  mayHaveMojibake: boolean;
}

/** Line feeds in `text` before `end`. */
function newlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function* csvRecordChunks(source: RegisterSource, encoding: EncodingGuess, delimiter: string, maxRecordSize: number): AsyncGenerator<RecordChunk> {
  const tokenizer = new CsvTokenizer(delimiter, maxRecordSize);
  for await (const text of decodeChunks(source.open(), encoding.encoding)) {
    // A NUL anywhere (not only in the first 4 KiB the encoding check reads) is binary data, never stored:
    // PostgreSQL refuses it in text, and no register has one. Its line is counted only then.
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      const line = tokenizer.unfinishedLine + newlines(tokenizer.unfinished + text, tokenizer.unfinished.length + nul);
      throw new RegisterError('NOT_CSV', `the file is not a CSV register: it contains binary data (a NUL byte on line ${line.toLocaleString('en-GB')})`, source.name);
    }
    // The records this push returns all lie within the unfinished text plus the new chunk.
    const before = tokenizer.unfinished;
    const hint = mayHaveMojibake(before) || mayHaveMojibake(text) || mayHaveMojibake(before.slice(-1) + text.slice(0, 1));
    const records = tokenizer.push(text);
    if (records.length > 0) yield { records, mayHaveMojibake: hint };
  }
  const rest = tokenizer.end();
  if (rest.length > 0) yield { records: rest, mayHaveMojibake: true };
}

async function firstText(source: RegisterSource, encoding: EncodingGuess): Promise<string> {
  let sample = '';
  for await (const piece of decodeChunks(source.open(), encoding.encoding)) {
    sample += piece;
    if (sample.length >= 64 * 1024) break;
  }
  return sample;
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

function fileCouncil(source: RegisterSource, options: ReadOptions, columns: MappedColumn[]): Pick<RegisterLayout, 'council' | 'councilSource'> {
  const hasColumn = columns.some((c) => c.field === 'council');
  if (options.council) return { council: options.council, councilSource: hasColumn ? 'column' : 'given' };
  if (hasColumn) return { council: null, councilSource: 'column' };
  const match = options.councils.resolveFileName(source.name);
  if (match.kind === 'found') return { council: match.code, councilSource: 'file-name' };
  if (match.kind === 'ambiguous') {
    throw new RegisterError('COUNCIL_AMBIGUOUS', `the file name names more than one council (${match.codes.join(', ')}); say which council the register is for`, source.name);
  }
  throw new RegisterError('COUNCIL_REQUIRED', 'the register has no council column, no council was given, and the file name names none; say which council it is for', source.name);
}

/**
 * Opens a council register: decides its encoding and delimiter, finds the header row
 * below any title rows, maps the columns, then streams normalised rows.
 * Example: a Windows-1252 file whose first line is "Angus Council - Contracts Register"
 * and whose third line is "Ref No.,Contractor,Expiry Date" gives `headerRow: 3`.
 */
export async function openRegister(source: RegisterSource, options: ReadOptions): Promise<OpenedRegister> {
  let encoding: EncodingGuess;
  try {
    encoding = await detectEncoding(source.open());
  } catch (e) {
    if (e instanceof NotTextError) throw new RegisterError(e.code, e.message, source.name);
    throw e;
  }
  const delimiter = sniffDelimiter(await firstText(source, encoding));
  const limits = options.limits;
  const chunks = csvRecordChunks(source, encoding, delimiter, limits?.rowChars ?? options.maxRecordSize ?? 1024 * 1024)[Symbol.asyncIterator]();
  const searchRows = options.headerSearchRows ?? 30;
  const saved = options.savedMapping ?? {};
  const titleRows: string[] = [];
  let rowNumber = 0;
  let header: string[] | null = null;
  // What the header search read beyond the header, to be normalised first.
  let leftover: RecordChunk | null = null;
  try {
    search: while (rowNumber < searchRows) {
      const next = await chunks.next();
      if (next.done) break;
      const records = next.value.records;
      for (let i = 0; i < records.length && rowNumber < searchRows; i++) {
        rowNumber++;
        if (headerScore(records[i], saved) >= 2) {
          header = records[i].map((h) => h.trim());
          leftover = { records: records.slice(i + 1), mayHaveMojibake: next.value.mayHaveMojibake };
          break search;
        }
        if (!isBlank(records[i])) titleRows.push(records[i].filter((c) => c.trim()).join(' ').slice(0, 200));
      }
    }
  } catch (e) {
    throw csvError(e, source.name);
  }
  if (!header) {
    throw new RegisterError(
      rowNumber === 0 ? 'EMPTY_FILE' : 'NO_HEADER_ROW',
      rowNumber === 0
        ? 'the file has no rows'
        : `no header row found in the first ${Math.min(rowNumber, searchRows)} rows: expected column names such as "Contract Reference", "Supplier", "Start Date", "End Date"`,
      source.name,
    );
  }
  if (limits && header.length > limits.columns) {
    throw new RegisterError('OVER_LIMIT', `the header row has ${header.length.toLocaleString('en-GB')} columns, over the limit of ${limits.columns.toLocaleString('en-GB')} (IMPORT_MAX_COLUMNS)`, source.name, rowNumber);
  }
  const columns = mapColumns(header, saved);
  if (!columns.some((c) => c.field && IDENTIFYING_FIELDS.includes(c.field))) {
    // Importing such a file would reject every row (or keep rows nobody can tell apart): fail it whole.
    throw new RegisterError(
      'NO_REQUIRED_COLUMNS',
      `none of the columns could be read as ${IDENTIFYING_FIELDS.map(fieldLabel).join(', ')}; the headers seen (row ${rowNumber}) are ${header.map((h) => `"${h}"`).join(', ')}. Save a column mapping that says which column is which, then import the file again`,
      source.name,
      rowNumber,
    );
  }
  if (!columns.some((c) => c.field && CONTRACT_SHAPED_FIELDS.includes(c.field))) {
    // A list of names or descriptions (staff, products, anything) is not a register: every row would be a "contract" with nothing to know it by.
    throw new RegisterError(
      'NO_REQUIRED_COLUMNS',
      `only names or descriptions could be read (headers in row ${rowNumber}: ${header.slice(0, 12).map((h) => `"${h}"`).join(', ')}); a contract register needs at least a reference, a supplier, a date or a value column. If this is a register, save a column mapping that says which column is which, then import the file again`,
      source.name,
      rowNumber,
    );
  }
  const layout: RegisterLayout = { encoding, delimiter, headerRow: rowNumber, titleRows, columns, ...fileCouncil(source, options, columns) };
  const ctx = { columns, councils: options.councils, fileCouncil: layout.council, dates: options.dates ?? {}, memo: new CellMemo() };
  const headerRow = rowNumber;

  let row = headerRow;
  const normaliseChunk = (chunk: RecordChunk): RowOutcome[] => {
    const out: RowOutcome[] = [];
    const rowCtx = { ...ctx, mayHaveMojibake: chunk.mayHaveMojibake };
    for (const record of chunk.records) {
      row++;
      if (limits) checkLimits(record, row, limits, source.name);
      if (!isBlank(record)) out.push(normaliseRow(record, row, rowCtx));
    }
    return out;
  };
  async function* rowChunks(): AsyncGenerator<RowOutcome[]> {
    try {
      if (leftover) yield normaliseChunk(leftover);
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield normaliseChunk(next.value);
      }
    } catch (e) {
      throw csvError(e, source.name, row + 1);
    }
  }
  const chunked = rowChunks();
  async function* rows(): AsyncGenerator<RowOutcome> {
    for await (const chunk of chunked) yield* chunk;
  }
  return { layout, rows: rows(), chunks: chunked };
}

/** A row over the read limits fails the file, naming the limit, the row and (for a cell) the column. */
function checkLimits(record: string[], row: number, limits: NonNullable<ReadOptions['limits']>, file: string): void {
  if (row > limits.rows) throw new RegisterError('OVER_LIMIT', `the file has more than ${limits.rows.toLocaleString('en-GB')} rows (IMPORT_MAX_ROWS): split it, or raise the limit`, file, row);
  if (record.length > limits.columns) {
    throw new RegisterError('OVER_LIMIT', `the row has ${record.length.toLocaleString('en-GB')} cells, over the limit of ${limits.columns.toLocaleString('en-GB')} columns (IMPORT_MAX_COLUMNS)`, file, row);
  }
  let chars = 0;
  for (let i = 0; i < record.length; i++) {
    if (record[i].length > limits.cellChars) {
      throw new RegisterError('OVER_LIMIT', `column ${i + 1} holds ${record[i].length.toLocaleString('en-GB')} characters, over the limit of ${limits.cellChars.toLocaleString('en-GB')} (IMPORT_MAX_CELL_CHARS)`, file, row);
    }
    chars += record[i].length;
  }
  if (chars > limits.rowChars) {
    throw new RegisterError('OVER_LIMIT', `the row holds ${chars.toLocaleString('en-GB')} characters, over the limit of ${limits.rowChars.toLocaleString('en-GB')} (IMPORT_MAX_ROW_CHARS)`, file, row);
  }
}

function csvError(e: unknown, file: string, row?: number): Error {
  if (e instanceof RegisterError) return e;
  if (e instanceof CsvSyntaxError) {
    const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : e.message;
    return new RegisterError('CSV_MALFORMED', `${what} (it opens on line ${e.line} of the file)`, file, row ?? null);
  }
  return e as Error;
}
