export * from './operation-limits';
