export * from './codebook';
export * from './coder';
export * from './sentiment';
export { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';
export * from './phrases';
export * from './agreement';
export { keywordBaseline, BASELINE_KEYWORDS } from './keyword-baseline';
