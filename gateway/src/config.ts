import { DEFAULT_PROTECTION } from './analytics/protection/model';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parseRedisUrl, readPemKey } from '@coalition/shared/auth';
import { DEFAULT_HTTP_LIMITS, type HttpServerLimits } from '@coalition/shared/http';
import { DEFAULT_MAX_TOKEN_LIFETIME_S, type UserAuthConfig } from './auth/user-auth';
import { readOperationLimits, type OperationLimits } from './limits';
import { readRateLimitConfig, type RateLimitConfig } from './rate-limit';
import { defaultDisclosureWorkers } from './analytics/suppression-pool';
import { DEFAULT_ANSWER_CACHE_MB } from './cache/create';
import { DEFAULT_RELEASE_PARTNER_CONCURRENCY } from './releases/service';
import type { DashboardOptions } from './web/dashboard';
import { DEFAULT_SERVICE_TIMEOUT_MS } from './supergraph';

export interface GatewayConfig {
  registryUrl: string;
  supergraphSdl: string;
  partnerTimeoutMs: number;
  directoryRefreshMs: number;
  host: string;
  port: number;
  production: boolean;
  auth: UserAuthConfig;
  /** GATEWAY_SIGNING_KEY: the private key the gateway signs subgraph requests with */
  signingKey: KeyObject;
  limits: OperationLimits;
  maxRequestBytes: number;
  rateLimit: RateLimitConfig | null;
  /** PERSISTED_OPERATIONS: an allow-list manifest; with PERSISTED_ONLY=true nothing else runs */
  persistedOperationsPath?: string;
  persistedOnly: boolean;
  /** AUDIT_LOG_PATH: JSON lines; default: standard error */
  auditLogPath?: string;
  /** DISCLOSURE_MIN_CELL: k of disclosure control (cells counting 1 to k-1 are suppressed) */
  minimumCellSize: number;
  /** DISCLOSURE_PROTECTION: p, how far either side of a hidden count every reader's interval must reach (1 to k-1; default 3) */
  disclosureProtection: number;
  /** INDICATOR_PUSHDOWN=off: aggregate records at the gateway (the pushdown benchmark; partners need INDICATOR_ROW_EXPORT=on) */
  indicatorPushdown: boolean;
  /** HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_MAX_CONNECTIONS: what slow clients may hold */
  http: HttpServerLimits;
  /** LOG_LEVEL: the least severe message logged (pino's levels); default info */
  logLevel: LogLevel;
  /** DISCLOSURE_WORKERS: worker threads deciding cell suppression off the event loop; default: every core but one */
  disclosureWorkers: number;
  /** ANSWER_CACHE_MB: memory for partners' and published answers kept by data version; default 256, 0: no answer cache */
  answerCacheMb: number;
  /** REDIS_URL: keep the answer cache in this Redis instead, shared by every gateway replica (unset: in memory) */
  redisUrl?: string;
  /** ANSWER_CACHE_KEY_PREFIX: where in that Redis (default cg:answer:): coalitions, or test runs, sharing one Redis never meet */
  answerCacheKeyPrefix?: string;
  /** FUNDER_LIVE_FIGURES=on: funders may also read live, unreleased figures (release: LIVE); default off, released figures only */
  fundersSeeLive: boolean;
  /** RELEASE_PARTNER_CONCURRENCY: partners an approval asks at once; default 2 */
  releasePartnerConcurrency: number;
  /** DASHBOARD_DIR (default: the dashboard workspace's build), COALITION_NAME, DASHBOARD_OIDC_*: the dashboard at /dashboard */
  dashboard: DashboardOptions;
  /** ANALYTICS_URL: the analytics subgraph as a standalone service (unset: in this process) */
  analyticsUrl?: string;
  /** PARTNERS_URL: the partners' fan-out as a standalone service (unset: in this process) */
  partnersUrl?: string;
  /** SERVICE_TIMEOUT_MS: how long a standalone service may take; default 60000 */
  serviceTimeoutMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${raw}"`);
  return raw as LogLevel;
}

/** AUTH_* variables: how user tokens are checked. */
export function readAuthConfig(env: NodeJS.ProcessEnv, production: boolean): UserAuthConfig {
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  if (!issuer) throw new Error('AUTH_ISSUER is required: the issuer (iss) user tokens must carry');
  if (!audience) throw new Error('AUTH_AUDIENCE is required: the audience (aud) user tokens must carry');
  const publicKeys = (env.AUTH_PUBLIC_KEYS ?? '')
    .split(/,(?!\s*-----END)/)
    .map((v) => v.trim())
    .filter(Boolean)
    .map((value, i) => readPemKey(`AUTH_PUBLIC_KEYS (entry ${i + 1})`, value, 'public'));
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new Error('AUTH_JWKS_URL must be an http(s) URL');
  const hs256Secret = env.AUTH_HS256_SECRET || undefined;
  if (hs256Secret && production)
    throw new Error('AUTH_HS256_SECRET is for the local demo only and is refused when NODE_ENV=production; use AUTH_PUBLIC_KEYS or AUTH_JWKS_URL');
  if (hs256Secret && hs256Secret.length < 32) throw new Error('AUTH_HS256_SECRET must be at least 32 characters');
  if (!publicKeys.length && !jwksUrl && !hs256Secret)
    throw new Error('No way to check user tokens: set AUTH_PUBLIC_KEYS or AUTH_JWKS_URL (or AUTH_HS256_SECRET for the local demo)');
  const anonymous = env.ANONYMOUS_ACCESS ?? 'none';
  if (anonymous !== 'none' && anonymous !== 'reference') throw new Error(`ANONYMOUS_ACCESS must be "none" or "reference"; got "${anonymous}"`);
  const skew = env.AUTH_CLOCK_SKEW_S ?? '30';
  if (!/^\d{1,3}$/.test(skew)) throw new Error(`AUTH_CLOCK_SKEW_S must be a whole number of seconds up to 999; got "${skew}"`);
  const lifetime = env.AUTH_MAX_TOKEN_LIFETIME_S || String(DEFAULT_MAX_TOKEN_LIFETIME_S);
  if (!/^[1-9]\d{0,5}$/.test(lifetime))
    throw new Error(
      `AUTH_MAX_TOKEN_LIFETIME_S must be a whole number of seconds from 1 to 999999 (the longest exp - iat a user token may have); got "${lifetime}"`,
    );
  return {
    issuer,
    audience,
    publicKeys,
    jwksUrl,
    hs256Secret,
    clockToleranceS: Number(skew),
    maxTokenLifetimeS: Number(lifetime),
    anonymousReference: anonymous === 'reference',
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number; got "${raw}"`);
  return value;
}

function readSupergraph(env: NodeJS.ProcessEnv): string {
  const supergraphPath = env.SUPERGRAPH_PATH ?? join(__dirname, '..', 'supergraph.graphql');
  try {
    return readFileSync(supergraphPath, 'utf8');
  } catch {
    throw new Error(`No supergraph at ${supergraphPath}: run "npm run build" (it composes the supergraph) or set SUPERGRAPH_PATH`);
  }
}

/** The only place in the gateway that reads env or files. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const registryUrl = env.REGISTRY_URL;
  if (!registryUrl) throw new Error('REGISTRY_URL is required: the registry subgraph, e.g. http://127.0.0.1:4001/graphql');
  const supergraphSdl = readSupergraph(env);
  const production = env.NODE_ENV === 'production';
  if (!env.GATEWAY_SIGNING_KEY)
    throw new Error('GATEWAY_SIGNING_KEY is required: the EC P-256 private key (PEM, or a PEM file path) the gateway signs subgraph requests with');
  const persistedOnly = env.PERSISTED_ONLY === 'true';
  if (persistedOnly && !env.PERSISTED_OPERATIONS) throw new Error('PERSISTED_ONLY=true needs PERSISTED_OPERATIONS: the path of the allow-list manifest');
  return {
    auth: readAuthConfig(env, production),
    signingKey: readPemKey('GATEWAY_SIGNING_KEY', env.GATEWAY_SIGNING_KEY, 'private'),
    limits: readOperationLimits(env),
    maxRequestBytes: positiveInt(env, 'MAX_REQUEST_BYTES', 100_000),
    rateLimit: readRateLimitConfig(env),
    persistedOperationsPath: env.PERSISTED_OPERATIONS || undefined,
    persistedOnly,
    auditLogPath: env.AUDIT_LOG_PATH || undefined,
    minimumCellSize: minimumCellSize(env),
    disclosureProtection: disclosureProtection(env, minimumCellSize(env)),
    indicatorPushdown: onOff(env, 'INDICATOR_PUSHDOWN', true),
    disclosureWorkers: positiveInt(env, 'DISCLOSURE_WORKERS', defaultDisclosureWorkers()),
    answerCacheMb: answerCacheMb(env),
    redisUrl: parseRedisUrl('REDIS_URL', env.REDIS_URL),
    answerCacheKeyPrefix: keyPrefix(env),
    fundersSeeLive: onOff(env, 'FUNDER_LIVE_FIGURES', false),
    releasePartnerConcurrency: positiveInt(env, 'RELEASE_PARTNER_CONCURRENCY', DEFAULT_RELEASE_PARTNER_CONCURRENCY),
    dashboard: readDashboardConfig(env, production),
    analyticsUrl: serviceUrl(env, 'ANALYTICS_URL'),
    partnersUrl: serviceUrl(env, 'PARTNERS_URL'),
    serviceTimeoutMs: positiveInt(env, 'SERVICE_TIMEOUT_MS', DEFAULT_SERVICE_TIMEOUT_MS),
    http: readHttpLimits(env),
    logLevel: logLevel(env),
    registryUrl,
    supergraphSdl,
    partnerTimeoutMs: positiveInt(env, 'PARTNER_TIMEOUT_MS', 5_000),
    directoryRefreshMs: positiveInt(env, 'DIRECTORY_REFRESH_MS', 30_000),
    host: env.HOST ?? '127.0.0.1',
    port: positiveInt(env, 'PORT', 4000),
    production,
  };
}

/** Where the dashboard's build is when DASHBOARD_DIR is not set: the dashboard workspace's dist/. */
export function defaultDashboardDir(): string {
  try {
    return join(dirname(require.resolve('@coalition/dashboard/package.json')), 'dist');
  } catch {
    return join(__dirname, '..', '..', 'dashboard', 'dist');
  }
}

/** DASHBOARD_* variables: where the dashboard's files are and how its viewers sign in. */
export function readDashboardConfig(env: NodeJS.ProcessEnv, production: boolean): DashboardOptions {
  const issuer = env.DASHBOARD_OIDC_ISSUER || undefined;
  const clientId = env.DASHBOARD_OIDC_CLIENT_ID || undefined;
  if (!!issuer !== !!clientId)
    throw new Error("DASHBOARD_OIDC_ISSUER and DASHBOARD_OIDC_CLIENT_ID go together: the identity provider and the dashboard's client id there");
  if (issuer) {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      throw new Error(`DASHBOARD_OIDC_ISSUER must be the identity provider's URL; got "${issuer}"`);
    }
    if (production && url.protocol !== 'https:') throw new Error('DASHBOARD_OIDC_ISSUER must be an https URL in production');
  }
  return {
    dir: env.DASHBOARD_DIR || defaultDashboardDir(),
    coalition: env.COALITION_NAME || undefined,
    oidc: issuer && clientId ? { issuer, clientId, scope: env.DASHBOARD_OIDC_SCOPE || undefined } : undefined,
  };
}

/** HTTP_* variables: timeouts and a connection cap against clients that never finish a request. */
export function readHttpLimits(env: NodeJS.ProcessEnv): Required<HttpServerLimits> {
  const limits = {
    headersTimeoutMs: positiveInt(env, 'HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    requestTimeoutMs: positiveInt(env, 'HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    maxConnections: positiveInt(env, 'HTTP_MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(
      `HTTP_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  return limits;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new Error(`${name} must be "on" or "off"; got "${raw}"`);
  return raw === 'on';
}

/** 0 is a setting here (no cache), unlike the other sizes. */
function answerCacheMb(env: NodeJS.ProcessEnv): number {
  const raw = env.ANSWER_CACHE_MB;
  if (raw === undefined || raw === '') return DEFAULT_ANSWER_CACHE_MB;
  if (!/^\d{1,7}$/.test(raw)) throw new Error(`ANSWER_CACHE_MB must be a whole number of megabytes (0: no answer cache); got "${raw}"`);
  return Number(raw);
}

/** k from 2 (k = 1 would suppress nothing) to 100 (beyond it nearly every table is hidden); 11 is the default and common practice. */
function minimumCellSize(env: NodeJS.ProcessEnv): number {
  const k = positiveInt(env, 'DISCLOSURE_MIN_CELL', 11);
  if (k < 2 || k > 100)
    throw new Error(`DISCLOSURE_MIN_CELL must be from 2 to 100, not ${k}: cells counting 1 to DISCLOSURE_MIN_CELL - 1 people are suppressed`);
  return k;
}

/** p from 1 to k-1: a hidden count v must look like anything from v-p to v+p to every reader (docs/INDICATORS.md). */
function disclosureProtection(env: NodeJS.ProcessEnv, k: number): number {
  const p = positiveInt(env, 'DISCLOSURE_PROTECTION', DEFAULT_PROTECTION);
  if (p < 1 || p >= k)
    throw new Error(
      `DISCLOSURE_PROTECTION must be from 1 to DISCLOSURE_MIN_CELL - 1 (${k - 1}), not ${p}: no reader may narrow a hidden count to less than p either side of it`,
    );
  return p;
}

/** An optional http(s) URL of a standalone service. */
function serviceUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new Error(`${name} must be the service's http(s) GraphQL URL, e.g. http://analytics:4100/graphql; got "${raw}"`);
  return raw;
}

/** What a standalone service (analytics, the partners' fan-out) reads: the gateway's settings it shares, and its own port. */
export interface StandaloneConfig {
  registryUrl: string;
  signingKey: KeyObject;
  /** GATEWAY_PUBLIC_KEYS: other public keys whose proofs are accepted (a key rotation); the signing key's own always is */
  acceptKeys: KeyObject[];
  supergraphSdl: string;
  host: string;
  port: number;
  partnerTimeoutMs: number;
  directoryRefreshMs: number;
  redisUrl?: string;
  answerCacheKeyPrefix?: string;
  http: HttpServerLimits;
  logLevel: LogLevel;
  minimumCellSize: number;
  disclosureProtection: number;
  disclosureWorkers: number;
  answerCacheMb: number;
  fundersSeeLive: boolean;
  releasePartnerConcurrency: number;
}

/**
 * A standalone service's configuration. It refuses to start without the gateway's signing key
 * (it checks the gateway's proofs with its public half and signs onward with it) or without a
 * supergraph (the fan-out serves the partners subgraph's schema from it).
 */
export function readStandaloneConfig(service: 'analytics' | 'partners', env: NodeJS.ProcessEnv = process.env): StandaloneConfig {
  const registryUrl = env.REGISTRY_URL;
  if (!registryUrl) throw new Error(`REGISTRY_URL is required: the ${service} service reads the partner list and definitions from the registry`);
  if (!env.GATEWAY_SIGNING_KEY)
    throw new Error(
      `GATEWAY_SIGNING_KEY is required: the ${service} service accepts only requests signed by the gateway's key and signs its own requests to partners with it`,
    );
  const signingKey = readPemKey('GATEWAY_SIGNING_KEY', env.GATEWAY_SIGNING_KEY, 'private');
  const acceptKeys = (env.GATEWAY_PUBLIC_KEYS ?? '')
    .split(/,(?!\s*-----END)/)
    .map((v) => v.trim())
    .filter(Boolean)
    .map((value, i) => readPemKey(`GATEWAY_PUBLIC_KEYS (entry ${i + 1})`, value, 'public'));
  const k = minimumCellSize(env);
  return {
    registryUrl,
    signingKey,
    acceptKeys: [createPublicKey(signingKey), ...acceptKeys],
    supergraphSdl: readSupergraph(env),
    host: env.HOST ?? '127.0.0.1',
    port: positiveInt(env, 'PORT', service === 'analytics' ? 4100 : 4101),
    partnerTimeoutMs: positiveInt(env, 'PARTNER_TIMEOUT_MS', 5_000),
    directoryRefreshMs: positiveInt(env, 'DIRECTORY_REFRESH_MS', 30_000),
    redisUrl: parseRedisUrl('REDIS_URL', env.REDIS_URL),
    answerCacheKeyPrefix: keyPrefix(env),
    http: readHttpLimits(env),
    logLevel: logLevel(env),
    minimumCellSize: k,
    disclosureProtection: disclosureProtection(env, k),
    disclosureWorkers: positiveInt(env, 'DISCLOSURE_WORKERS', defaultDisclosureWorkers()),
    answerCacheMb: answerCacheMb(env),
    fundersSeeLive: onOff(env, 'FUNDER_LIVE_FIGURES', false),
    releasePartnerConcurrency: positiveInt(env, 'RELEASE_PARTNER_CONCURRENCY', DEFAULT_RELEASE_PARTNER_CONCURRENCY),
  };
}

/** ANSWER_CACHE_KEY_PREFIX: letters, digits and : _ - only, so that it cannot reach into another prefix's keys by pattern. */
function keyPrefix(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.ANSWER_CACHE_KEY_PREFIX;
  if (!raw) return undefined;
  if (!/^[A-Za-z0-9:_-]{1,64}$/.test(raw)) throw new Error(`ANSWER_CACHE_KEY_PREFIX must be 1 to 64 letters, digits, ":", "_" or "-"; got "${raw}"`);
  return raw;
}
