export * from './names';
export * from './distance';
export * from './cluster';
export * from './evaluate';
