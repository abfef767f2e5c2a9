import * as fs from 'node:fs';
import { RegisterSource } from '@app/ingest';

/** Where a register's bytes are: a file on disk (CLI) or an upload held in memory (API). */
export type RegisterInput = { name: string; path: string; temporary?: boolean } | { name: string; bytes: Uint8Array };

export function inputSize(input: RegisterInput): number {
  return 'path' in input ? fs.statSync(input.path).size : input.bytes.length;
}

/** Bytes read from disk at a time: large reads are much faster than the stream default of 64 KiB. */
const READ_BYTES = 1 << 20;
/**
 * Bytes handed on at a time: the rows of one piece are normalised together, and pieces
 * this small keep them few enough to die young (a quarter less time in garbage collection).
 */
const PIECE_BYTES = 1 << 16;

/** A source that re-reads the input each time it is opened, reporting bytes read. */
export function sourceOf(input: RegisterInput, onBytes?: (read: number) => void): RegisterSource {
  return {
    name: input.name,
    async *open() {
      let read = 0;
      const pieces = function* (chunk: Uint8Array) {
        for (let i = 0; i < chunk.length; i += PIECE_BYTES) {
          const piece = chunk.subarray(i, i + PIECE_BYTES);
          read += piece.length;
          onBytes?.(read);
          yield piece;
        }
      };
      if ('path' in input) {
        for await (const chunk of fs.createReadStream(input.path, { highWaterMark: READ_BYTES })) yield* pieces(chunk as Buffer);
      } else yield* pieces(input.bytes);
    },
  };
}
