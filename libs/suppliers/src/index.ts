export * from './names';
export * from './supplier-cell';
export * from './distance';
export * from './slips';
export * from './cluster';
export * from './groups';
export * from './evaluate';
