import { DEFAULT_THRESHOLDS, type MatchThresholds } from './linkage/score';

export interface RegistryConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** LINK_AUTO_THRESHOLD / LINK_REVIEW_THRESHOLD: match scores that auto-link, and that go to review */
  thresholds: MatchThresholds;
}

function threshold(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number; got "${raw}"`);
  return value;
}

/** The only place in this package that reads env. */
export function readRegistryConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required: the PostgreSQL database of the registry');
  const port = Number(env.PORT ?? 4001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}"`);
  const thresholds = {
    autoLink: threshold(env, 'LINK_AUTO_THRESHOLD', DEFAULT_THRESHOLDS.autoLink),
    review: threshold(env, 'LINK_REVIEW_THRESHOLD', DEFAULT_THRESHOLDS.review),
  };
  if (thresholds.review > thresholds.autoLink) {
    throw new Error(`LINK_REVIEW_THRESHOLD (${thresholds.review}) must not be above LINK_AUTO_THRESHOLD (${thresholds.autoLink})`);
  }
  return { databaseUrl, host: env.HOST ?? '127.0.0.1', port, thresholds };
}
