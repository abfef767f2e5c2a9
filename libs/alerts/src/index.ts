export * from './alert-plan';
export * from './alert-message';
export * from './renewal-calendar';
