/**
 * Writes an evaluation set to a folder: every file's bytes as they are, plus truth.json (the set
 * without the bytes, each file listed with its size).
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { EvaluationSet } from './truth';

export function writeEvaluationSet(set: EvaluationSet, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of set.files) writeFileSync(join(dir, f.name), f.bytes);
  const truth = {
    ...set,
    files: set.files.map((f) => ({ name: f.name, councilCode: f.councilCode, dialect: f.dialect, size: f.bytes.length })),
  };
  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
}
