import * as fs from 'node:fs';
import { RegisterSource } from '@app/ingest';

/** Where a register's bytes are: a file on disk (CLI) or an upload held in memory (API). */
export type RegisterInput = { name: string; path: string } | { name: string; bytes: Uint8Array };

export function inputSize(input: RegisterInput): number {
  return 'path' in input ? fs.statSync(input.path).size : input.bytes.length;
}

/** A source that re-reads the input each time it is opened, reporting bytes read. */
export function sourceOf(input: RegisterInput, onBytes?: (read: number) => void): RegisterSource {
  return {
    name: input.name,
    async *open() {
      let read = 0;
      if ('path' in input) {
        for await (const chunk of fs.createReadStream(input.path, { highWaterMark: 1 << 16 })) {
          read += (chunk as Buffer).length;
          onBytes?.(read);
          yield chunk as Buffer;
        }
      } else {
        for (let i = 0; i < input.bytes.length; i += 1 << 16) {
          const chunk = input.bytes.subarray(i, i + (1 << 16));
          read += chunk.length;
          onBytes?.(read);
          yield chunk;
        }
      }
    },
  };
}
