export * from './caller';
export * from './policy';
export * from './proof';
export * from './keys';
