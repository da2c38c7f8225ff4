export * from './contract';
export * from './gsid';
export * from './errors';
export * from './merge-rules';
export * from './random';
export * from './indicator-spec';
export * from './pathway-spec';
export * from './input-hygiene';
