import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sourceOf } from './register-input';

describe('sourceOf', () => {
  const bytes = Buffer.alloc(3 * (1 << 20) + 12345);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;

  async function read(input: Parameters<typeof sourceOf>[0]) {
    const progress: number[] = [];
    const pieces: Uint8Array[] = [];
    for await (const piece of sourceOf(input, (n) => progress.push(n)).open()) pieces.push(piece);
    return { pieces, progress };
  }

  it.each(['file', 'upload'])('hands on a %s in pieces of at most 64 KiB, every byte once and in order, reporting bytes read', async (kind) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-source-'));
    try {
      const file = path.join(dir, 'register.csv');
      fs.writeFileSync(file, bytes);
      const { pieces, progress } = await read(kind === 'file' ? { name: 'register.csv', path: file } : { name: 'register.csv', bytes });
      expect(pieces.every((p) => p.length > 0 && p.length <= 1 << 16)).toBe(true);
      expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
      expect(progress).toHaveLength(pieces.length);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress.every((n, i) => i === 0 || n > progress[i - 1])).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('can be opened again from the start (the encoding is decided on a first pass)', async () => {
    const source = sourceOf({ name: 'x.csv', bytes });
    for (let pass = 0; pass < 2; pass++) {
      const pieces: Uint8Array[] = [];
      for await (const piece of source.open()) pieces.push(piece);
      expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    }
  });
});
