export * from './serve';
export * from './process';
