export * from './codebook';
export * from './coder';
export { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';
