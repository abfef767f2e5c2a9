export * from './extensions';
export * from './renewals';
