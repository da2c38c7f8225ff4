export * from './dimension';
export * from './registry';
