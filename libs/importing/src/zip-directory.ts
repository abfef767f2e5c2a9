import * as fs from 'node:fs';

/** One file in a zip archive, as its central directory describes it (nothing is inflated). */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
  /** The entry's central directory record as written (46 bytes and its name, extra and comment). */
  record: Buffer;
  /** Where its local header starts. */
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const TAIL = 22 + 65_535;

export class ZipDirectoryError extends Error {}

/** Random access to a zip archive's bytes, in memory or in a file (opened once, closed by the caller). */
export interface ZipFile {
  size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
}

export function openZip(source: Uint8Array | string): ZipFile {
  if (typeof source !== 'string') {
    return {
      size: source.length,
      read: (offset, length) => {
        if (offset < 0 || length < 0 || offset + length > source.length) throw new ZipDirectoryError('the zip directory points outside the file');
        return Buffer.from(source.buffer, source.byteOffset + offset, length);
      },
      close: () => undefined,
    };
  }
  const fd = fs.openSync(source, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read: (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > size) throw new ZipDirectoryError('the zip directory points outside the file');
      const out = Buffer.alloc(length);
      fs.readSync(fd, out, 0, length, offset);
      return out;
    },
    close: () => fs.closeSync(fd),
  };
}

/**
 * The entries of a zip archive (an .xlsx workbook) from its central directory: names and sizes
 * before and after compression, read from the last bytes of the file without inflating anything,
 * so a workbook that would unpack to gigabytes is refused for the cost of reading its directory.
 * ZIP64 archives (sizes over 4 GiB) are refused: no register is that large.
 */
export function zipEntries(source: Uint8Array | string | ZipFile): ZipEntry[] {
  const zip = typeof source === 'string' || source instanceof Uint8Array ? openZip(source) : source;
  try {
    return readDirectory(zip);
  } finally {
    if (zip !== source) zip.close();
  }
}

function readDirectory(zip: ZipFile): ZipEntry[] {
  const { size, read } = zip;
  const tailStart = Math.max(0, size - TAIL);
  const tail = read(tailStart, size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipDirectoryError('no zip directory found (the file is cut short or not a zip)');
  const count = tail.readUInt16LE(end + 10);
  const directoryBytes = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directoryBytes === 0xffffffff || directoryOffset === 0xffffffff) throw new ZipDirectoryError('ZIP64 archives are not read');
  const directory = read(directoryOffset, directoryBytes);
  const entries: ZipEntry[] = [];
  for (let at = 0, n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new ZipDirectoryError('the zip directory is damaged');
    const compressedBytes = directory.readUInt32LE(at + 20);
    const uncompressedBytes = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (compressedBytes === 0xffffffff || uncompressedBytes === 0xffffffff) throw new ZipDirectoryError('ZIP64 archives are not read');
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength), compressedBytes, uncompressedBytes,
      record: directory.subarray(at, at + 46 + nameLength + extraLength + commentLength), localOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
