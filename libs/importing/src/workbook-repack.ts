import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { ZipDirectoryError, ZipEntry, ZipFile } from './zip-directory';

const LOCAL_HEADER = 0x04034b50;
const DEFLATE = 8;
const STORED = 0;

/** The parts the register reads, in the order a streaming reader needs them: strings and styles before any sheet. */
function rank(name: string): number | null {
  const fixed = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml'].indexOf(name);
  if (fixed >= 0) return fixed;
  const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
  return sheet ? 10 + Number(sheet[1]) : null;
}

/** A limit a workbook went over, or why it could not be read: the import fails with it, naming the file. */
export class WorkbookRefused extends Error {
  constructor(readonly code: 'OVER_LIMIT' | 'NOT_CSV', message: string) {
    super(message);
  }
}

/**
 * Copies the parts of a workbook the register reads into a new zip at `out`, strings and styles
 * first (Excel writes sheets before them; a streaming reader meeting a sheet first sees string
 * numbers, not text), and nothing else (external links, other entries, whatever their names).
 * Each part is inflated once on the way, counted and thrown away, so a directory that understates
 * what a part unpacks to is caught at `maxUnpackedBytes` without ever holding it.
 */
export async function repackWorkbook(zip: ZipFile, all: ZipEntry[], out: string, maxUnpackedBytes: number): Promise<void> {
  const entries = all
    .map((e) => ({ e, rank: rank(e.name) }))
    .filter((x): x is { e: ZipEntry; rank: number } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.e);
  if (!entries.some((e) => e.name.startsWith('xl/worksheets/'))) throw new WorkbookRefused('NOT_CSV', 'has no worksheet in it');
  const output = fs.openSync(out, 'w');
  let unpacked = 0;
  try {
    const directory: Buffer[] = [];
    let at = 0;
    for (const entry of entries) {
      const local = zip.read(entry.localOffset, 30);
      if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipDirectoryError(`the zip entry ${entry.name} is damaged`);
      const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const method = entry.record.readUInt16LE(10);
      if (method !== DEFLATE && method !== STORED) throw new WorkbookRefused('NOT_CSV', `${entry.name} is compressed in a way workbooks are not (method ${method})`);
      if (entry.record.readUInt16LE(8) & 1) throw new WorkbookRefused('NOT_CSV', 'is encrypted: save it without a password and upload that');
      const data = zip.read(dataStart, entry.compressedBytes);
      // The real unpacked size, whatever the directory says.
      let bytes = 0;
      const counter = new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (unpacked + bytes > maxUnpackedBytes) done(new WorkbookRefused('OVER_LIMIT', `unpacks to more than ${Math.round(maxUnpackedBytes / 1048576)} MB (IMPORT_MAX_UNPACKED_MB), more than its zip directory says: save the register as CSV and upload that`));
          else done();
        },
      });
      if (method === DEFLATE) {
        try {
          await pipeline([data], createInflateRaw(), counter);
        } catch (e) {
          if (e instanceof WorkbookRefused) throw e;
          throw new WorkbookRefused('NOT_CSV', `${entry.name} cannot be unpacked: ${(e as Error).message}`);
        }
      } else bytes = data.length;
      if (bytes !== entry.uncompressedBytes) throw new WorkbookRefused('NOT_CSV', `${entry.name} unpacks to ${bytes} bytes where its zip directory says ${entry.uncompressedBytes}: a damaged or crafted file`);
      unpacked += bytes;
      // A local header from the directory's own record (sizes known, so no data descriptor), then the data as it was.
      const name = entry.record.subarray(46, 46 + entry.record.readUInt16LE(28));
      const header = Buffer.alloc(30);
      header.writeUInt32LE(LOCAL_HEADER, 0);
      header.writeUInt16LE(entry.record.readUInt16LE(6), 4);
      header.writeUInt16LE(entry.record.readUInt16LE(8) & ~0x08, 6);
      entry.record.copy(header, 8, 10, 28);
      header.writeUInt16LE(name.length, 26);
      header.writeUInt16LE(0, 28);
      fs.writeSync(output, header);
      fs.writeSync(output, name);
      fs.writeSync(output, data);
      const record = Buffer.alloc(46);
      entry.record.copy(record, 0, 0, 46);
      record.writeUInt16LE(entry.record.readUInt16LE(8) & ~0x08, 8);
      record.writeUInt16LE(0, 30);
      record.writeUInt16LE(0, 32);
      record.writeUInt32LE(at, 42);
      directory.push(record, name);
      at += 30 + name.length + data.length;
    }
    const central = Buffer.concat(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(central.length, 12);
    end.writeUInt32LE(at, 16);
    fs.writeSync(output, central);
    fs.writeSync(output, end);
  } finally {
    fs.closeSync(output);
  }
}
