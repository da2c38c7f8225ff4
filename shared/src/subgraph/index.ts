export * from './federation';
export * from './enums';
export * from './sql-logger';
