import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConsoleLogger } from '@nestjs/common';
import { loadEnvFile } from '@app/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new ConsoleLogger({ json: true, prefix: 'worker' }), abortOnError: false });
  app.enableShutdownHooks();
}

main().catch((e) => {
  process.stderr.write(`worker start-up failed: ${(e as Error).message}\n`);
  process.exit(1);
});
