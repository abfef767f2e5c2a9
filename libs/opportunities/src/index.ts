export * from './collaborative';
export * from './platform';
export * from './rank-and-cut';
export * from './partitions';
