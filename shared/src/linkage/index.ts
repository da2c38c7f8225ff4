export * from './normalize';
export * from './nicknames';
export * from './encode';
export * from './validate-encoding';
export * from './given-names';
