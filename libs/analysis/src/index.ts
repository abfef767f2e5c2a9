export * from './analysis.module';
export * from './asset-register';
export * from './opportunity-analysis';
export * from './stored-classification';
export * from './supplier-refresh';
