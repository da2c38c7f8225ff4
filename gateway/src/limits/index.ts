export * from './operation-limits';
export * from './operation-resolution';
