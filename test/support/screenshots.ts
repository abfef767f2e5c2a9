import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './databases';

/**
 * Where page tests put their screenshots: a temporary folder, so a test run leaves the tracked
 * tree as it found it, unless UPDATE_SCREENSHOTS=1 asks for the README's pictures to be refreshed.
 */
export const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(os.tmpdir(), 'ccr-screenshots');

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
