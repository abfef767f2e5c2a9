export * from './senders';
export * from './alert-run';
export * from './notifications.module';
