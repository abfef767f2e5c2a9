export * from './job-names';
export * from './job-dispatcher';
export * from './job-queue';
export * from './job-worker';
export * from './queue.module';
