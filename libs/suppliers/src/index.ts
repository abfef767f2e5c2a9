export * from './names';
export * from './distance';
export * from './slips';
export * from './cluster';
export * from './groups';
export * from './evaluate';
