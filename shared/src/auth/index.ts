export * from './caller';
export * from './policy';
export * from './proof';
export * from './keys';
export * from './field-guard';
export * from './replay-store';
