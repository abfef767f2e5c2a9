export * from './importing.module';
export * from './import-runner';
export * from './import-intake';
export * from './import-mode';
export * from './register-input';
export * from './row-batch';
export * from './parse-in-worker';
export * from './spreadsheet';
