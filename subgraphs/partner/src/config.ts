import type { KeyObject } from 'node:crypto';
import { parseRedisUrl, readPemKey } from '@coalition/shared/auth';
import { PARTNER_ID_PATTERN } from '@coalition/shared';
import { MIN_SECRET_LENGTH } from '@coalition/shared/linkage';
import type { LinkageConfig } from './enrollment/registry-client';

export interface PartnerConfig {
  partnerId: string;
  partnerName: string;
  databaseUrl: string;
  host: string;
  port: number;
  /** Schema holding the contract's relations (PARTNER_DB_SCHEMA, default public). */
  schema: string;
  /** tables: our migrations manage them; views: the partner's own views, checked, never migrated. */
  dataMode: 'tables' | 'views';
  /** LINKAGE_SECRET + REGISTRY_URL: enrollment and imports get GSIDs from the registry */
  linkage?: LinkageConfig;
  /** GATEWAY_PUBLIC_KEY: the only key this service accepts request proofs from */
  gatewayPublicKey: KeyObject;
  /** DATABASE_POOL_SIZE: connections to the partner's database (default 10) */
  poolSize: number;
  /**
   * INDICATOR_ROW_EXPORT=on: answer `indicatorRows` (qualifying records, person by person) so
   * the benchmark can measure a gateway without pushdown. Off by default: with it on, records
   * leave this partner.
   */
  rowExport: boolean;
  /** REDIS_URL: where accepted request proofs are remembered, shared by this partner's replicas (unset: in memory) */
  redisUrl?: string;
  /**
   * LINK_SYNC_INTERVAL_MS: how often stored GSIDs are brought up to the registry's merges and
   * splits (its feed of link changes); 0: never. Default 60000 with linkage configured, else 0.
   */
  linkSyncIntervalMs: number;
  /** THEME_CODING_INTERVAL_MS: how often answers not coded yet under the installed codebooks are coded (default 60000; 0: only when a figure asks). */
  themeCodingIntervalMs: number;
}

const DEFAULT_LINK_SYNC_MS = 60_000;
const MAX_LINK_SYNC_MS = 86_400_000;

/** LINK_SYNC_INTERVAL_MS, checked against what the sync needs: the registry, and tables this service writes. */
export function readLinkSyncInterval(env: NodeJS.ProcessEnv, linkage: LinkageConfig | undefined, dataMode: 'tables' | 'views'): number {
  const raw = env.LINK_SYNC_INTERVAL_MS;
  if (raw === undefined || raw === '') return linkage && dataMode === 'tables' ? DEFAULT_LINK_SYNC_MS : 0;
  const interval = Number(raw);
  if (!/^\d+$/.test(raw) || (interval !== 0 && interval < 1_000) || interval > MAX_LINK_SYNC_MS)
    throw new Error(`LINK_SYNC_INTERVAL_MS must be 0 (no sync) or a whole number of milliseconds from 1000 to ${MAX_LINK_SYNC_MS}; got "${raw}"`);
  if (interval && !linkage)
    throw new Error('LINK_SYNC_INTERVAL_MS needs LINKAGE_SECRET, REGISTRY_URL and REGISTRY_KEY: the sync reads the registry as this partner');
  if (interval && dataMode !== 'tables')
    throw new Error('LINK_SYNC_INTERVAL_MS needs PARTNER_DATA_MODE=tables: a partner serving its own views stores GSIDs with coalition-link');
  return interval;
}

/** Linkage settings, or none when neither variable is set; half a configuration is an error. */
export function readLinkageConfig(env: NodeJS.ProcessEnv = process.env): LinkageConfig | undefined {
  const secret = env.LINKAGE_SECRET;
  const registryUrl = env.REGISTRY_URL;
  if (!secret && !registryUrl) return undefined;
  if (!secret || secret.length < MIN_SECRET_LENGTH)
    throw new Error(`LINKAGE_SECRET must be set to the coalition's linkage secret (at least ${MIN_SECRET_LENGTH} characters) when REGISTRY_URL is`);
  if (!registryUrl || !/^https?:\/\//.test(registryUrl))
    throw new Error("REGISTRY_URL must be the registry subgraph's http(s) GraphQL URL when LINKAGE_SECRET is set");
  const registryKey = env.REGISTRY_KEY;
  if (!registryKey || registryKey.length < 32)
    throw new Error(
      "REGISTRY_KEY must be set to this partner's registry key (at least 32 characters; the registry holds the same in PARTNER_REGISTRY_KEYS) when REGISTRY_URL is",
    );
  return { secret, registryUrl, registryKey };
}

/** Reads a partner service's configuration; the only place in this package that reads env. */
export function readPartnerConfig(env: NodeJS.ProcessEnv = process.env): PartnerConfig {
  const partnerId = env.PARTNER_ID ?? '';
  if (!PARTNER_ID_PATTERN.test(partnerId)) {
    throw new Error(`PARTNER_ID must be a slug like "northside-training" (lower case letters, digits, dashes); got "${partnerId}"`);
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is required: the PostgreSQL database that holds this partner's records");
  const port = Number(env.PORT ?? 4101);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}"`);
  const dataMode = env.PARTNER_DATA_MODE ?? 'tables';
  if (dataMode !== 'tables' && dataMode !== 'views') throw new Error(`PARTNER_DATA_MODE must be "tables" or "views"; got "${dataMode}"`);
  const schema = env.PARTNER_DB_SCHEMA ?? 'public';
  if (!env.GATEWAY_PUBLIC_KEY)
    throw new Error(
      "GATEWAY_PUBLIC_KEY is required: the gateway's public key (PEM, or a PEM file path); this service answers only requests the gateway signed",
    );
  const gatewayPublicKey = readPemKey('GATEWAY_PUBLIC_KEY', env.GATEWAY_PUBLIC_KEY, 'public');
  const poolSize = Number(env.DATABASE_POOL_SIZE ?? 10);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100)
    throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 100; got "${env.DATABASE_POOL_SIZE}"`);
  const rowExport = env.INDICATOR_ROW_EXPORT ?? 'off';
  if (rowExport !== 'on' && rowExport !== 'off') throw new Error(`INDICATOR_ROW_EXPORT must be "on" or "off"; got "${rowExport}"`);
  const linkage = readLinkageConfig(env);
  return {
    partnerId,
    partnerName: env.PARTNER_NAME ?? partnerId,
    databaseUrl,
    host: env.HOST ?? '127.0.0.1',
    port,
    schema,
    dataMode,
    linkage,
    gatewayPublicKey,
    poolSize,
    rowExport: rowExport === 'on',
    redisUrl: parseRedisUrl('REDIS_URL', env.REDIS_URL),
    linkSyncIntervalMs: readLinkSyncInterval(env, linkage, dataMode),
    themeCodingIntervalMs: readThemeCodingInterval(env),
  };
}

/** THEME_CODING_INTERVAL_MS: 0, or 1 s to a day. */
function readThemeCodingInterval(env: NodeJS.ProcessEnv): number {
  const raw = env.THEME_CODING_INTERVAL_MS;
  if (raw === undefined || raw === '') return 60_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || (ms !== 0 && (ms < 1000 || ms > MAX_LINK_SYNC_MS))) {
    throw new Error(
      `THEME_CODING_INTERVAL_MS must be 0 (code only when a figure asks) or a whole number of milliseconds from 1000 to ${MAX_LINK_SYNC_MS}; got "${raw}"`,
    );
  }
  return ms;
}
