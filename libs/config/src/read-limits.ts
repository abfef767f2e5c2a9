/**
 * How much of a register the importer will read, the same for every door (pages, API, CLI,
 * workers): over a limit the import fails with an error naming the limit and the file, and
 * nothing is stored. The bytes on the wire are bounded before this (UPLOAD_LIMIT_MB).
 */
export interface ReadLimits {
  /** Uncompressed bytes of a spreadsheet, from its zip directory, before anything is inflated. */
  unpackedBytes: number;
  /** Rows of a worksheet. */
  rows: number;
  /** Columns of a worksheet row. */
  columns: number;
  /** Characters in one cell. */
  cellChars: number;
  /** Characters in one row, its cells together. */
  rowChars: number;
}

/** Excel's own sheet size, a cell's 32,767 characters, and room for a national register. */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  unpackedBytes: 300 * 1024 * 1024,
  rows: 1_048_576,
  columns: 1_000,
  cellChars: 32_767,
  rowChars: 1_000_000,
};
