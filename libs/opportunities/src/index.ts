export * from './collaborative';
export * from './platform';
