export class CsvSyntaxError extends Error {
  constructor(readonly code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_MAX_RECORD_SIZE', message: string, readonly line: number) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records, chunk by chunk (RFC 4180, as Excel writes it): quoted cells
 * may hold delimiters, doubled quotes and line breaks; CRLF, LF and CR all end a record;
 * a blank line is a record of one empty cell; a quote inside an unquoted cell is kept as text.
 * It does the same as csv-parse with relax_quotes and relax_column_count (a test holds it to
 * that) several times faster, which matters for national registers of a million rows.
 * Example: `new CsvTokenizer(',').push('a,"b,""c"""\n')` gives `[['a', 'b,"c"']]`.
 */
export class CsvTokenizer {
  private pending = '';
  private line = 1;

  constructor(private readonly delimiter: string, private readonly maxRecordSize = 1 << 20) {}

  /** Text pushed but not yet returned as records (the start of an incomplete record). */
  get unfinished(): string {
    return this.pending;
  }

  /** The line of the file the unfinished text starts on (1 before anything is pushed). */
  get unfinishedLine(): number {
    return this.line;
  }

  push(chunk: string): string[][] {
    const text = this.pending + chunk;
    const records: string[][] = [];
    const end = this.parse(text, records, false);
    this.pending = text.slice(end);
    if (this.pending.length > this.maxRecordSize) {
      throw new CsvSyntaxError('CSV_MAX_RECORD_SIZE', `a record is longer than ${this.maxRecordSize} characters`, this.line);
    }
    return records;
  }

  end(): string[][] {
    const records: string[][] = [];
    if (this.pending.length > 0) this.parse(this.pending, records, true);
    this.pending = '';
    return records;
  }

  /** Parses whole records from `text`; returns where the first incomplete one starts. */
  private parse(text: string, out: string[][], final: boolean): number {
    const delim = this.delimiter.charCodeAt(0);
    const n = text.length;
    let i = 0;
    while (i < n) {
      const recordStart = i;
      const startLine = this.line;
      const fields: string[] = [];
      let complete = false;
      for (;;) {
        // One field from i.
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let value = '';
          let j = i + 1;
          let closed = false;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q < 0) break;
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // the next chunk may start with the second quote
            value += text.slice(j, q);
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) {
              this.line = startLine;
              return recordStart;
            }
            throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', 'a quoted cell is never closed', startLine);
          }
          for (let k = i; k < j; k++) if (text.charCodeAt(k) === LF) this.line++;
          // Text after the closing quote means the cell was not really quoted: keep it as written.
          let k = j;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === LF || c === CR) break;
            k++;
          }
          fields.push(k > j ? text.slice(i, k) : value);
          i = k;
        } else {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === LF || c === CR) break;
            k++;
          }
          fields.push(text.slice(i, k));
          i = k;
        }
        if (i >= n) {
          if (!final) {
            this.line = startLine;
            return recordStart;
          }
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n && final) {
            fields.push('');
            complete = true;
            break;
          }
          continue;
        }
        // End of line: CRLF, LF or CR. A CR at the very end of a chunk may be half of a CRLF.
        if (c === CR) {
          if (i + 1 >= n && !final) {
            this.line = startLine;
            return recordStart;
          }
          i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else i++;
        this.line++;
        complete = true;
        break;
      }
      if (complete) out.push(fields);
    }
    return n;
  }
}
