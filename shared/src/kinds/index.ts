export * from './kind';
export * from './measures';
export * from './registry';
