import type { KeyObject } from 'node:crypto';
import { parsePartnerKeys, parseRedisUrl, readPemKey } from '@coalition/shared/auth';
import { DEFAULT_THRESHOLDS, type MatchThresholds } from './linkage/score';

export interface RegistryConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** LINK_AUTO_THRESHOLD / LINK_REVIEW_THRESHOLD: match scores that auto-link, and that go to review */
  thresholds: MatchThresholds;
  /** GATEWAY_PUBLIC_KEY: the key the gateway signs its requests with */
  gatewayPublicKey: KeyObject;
  /** PARTNER_REGISTRY_KEYS: partnerId=key,... for partners' own linkage requests */
  partnerKeys: Record<string, string>;
  /** REDIS_URL: where accepted request proofs are remembered, shared by the registry's replicas (unset: in memory) */
  redisUrl?: string;
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
  if (!env.GATEWAY_PUBLIC_KEY)
    throw new Error(
      "GATEWAY_PUBLIC_KEY is required: the gateway's public key (PEM, or a PEM file path); the registry answers only requests the gateway (or a partner, for linkage) signed",
    );
  const gatewayPublicKey = readPemKey('GATEWAY_PUBLIC_KEY', env.GATEWAY_PUBLIC_KEY, 'public');
  return {
    databaseUrl,
    host: env.HOST ?? '127.0.0.1',
    port,
    thresholds,
    gatewayPublicKey,
    partnerKeys: parsePartnerKeys('PARTNER_REGISTRY_KEYS', env.PARTNER_REGISTRY_KEYS),
    redisUrl: parseRedisUrl('REDIS_URL', env.REDIS_URL),
  };
}
