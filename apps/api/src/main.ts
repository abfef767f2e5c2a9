import 'reflect-metadata';
import { loadConfig, loadEnvFile } from '@app/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const app = await createApiApp();
  await app.listen(config.port);
  process.stdout.write(`Council contract register API on http://localhost:${config.port} (docs: /api/docs, health: /health)\n`);
}

main().catch((e) => {
  process.stderr.write(`start-up failed: ${(e as Error).message}\n`);
  process.exit(1);
});
