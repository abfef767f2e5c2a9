export * from './classifier';
