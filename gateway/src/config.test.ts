import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProofKeys } from '@coalition/shared/auth';
import { readGatewayConfig } from './config';

/** The least a gateway needs to read its configuration. */
const supergraph = join(mkdtempSync(join(tmpdir(), 'cg-config-')), 'supergraph.graphql');
writeFileSync(supergraph, 'type Query { nothing: Int }');
const env = {
  REGISTRY_URL: 'http://127.0.0.1:4001/graphql',
  SUPERGRAPH_PATH: supergraph,
  GATEWAY_SIGNING_KEY: generateProofKeys().privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  AUTH_ISSUER: 'https://idp.test',
  AUTH_AUDIENCE: 'coalition-graph',
  AUTH_HS256_SECRET: 'unit-test-hs256-secret-of-at-least-32-chars',
};

describe('LOG_LEVEL', () => {
  it("defaults to info, takes pino's levels, and names the variable for anything else", () => {
    expect(readGatewayConfig(env).logLevel).toBe('info');
    expect(readGatewayConfig({ ...env, LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => readGatewayConfig({ ...env, LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
    );
  });
});

describe('ANSWER_CACHE_MB and REDIS_URL', () => {
  it('keeps answers in 256 MB of memory by default; 0 turns the cache off; REDIS_URL moves it to Redis', () => {
    expect(readGatewayConfig(env)).toMatchObject({ answerCacheMb: 256, redisUrl: undefined });
    expect(readGatewayConfig({ ...env, ANSWER_CACHE_MB: '0' }).answerCacheMb).toBe(0);
    expect(readGatewayConfig({ ...env, ANSWER_CACHE_MB: '64' }).answerCacheMb).toBe(64);
    expect(readGatewayConfig({ ...env, REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
    expect(readGatewayConfig({ ...env, ANSWER_CACHE_KEY_PREFIX: 'coalition-b:answer:' }).answerCacheKeyPrefix).toBe('coalition-b:answer:');
  });

  it('names the variable and the reason for a bad value', () => {
    expect(() => readGatewayConfig({ ...env, ANSWER_CACHE_MB: 'lots' })).toThrow(
      'ANSWER_CACHE_MB must be a whole number of megabytes (0: no answer cache); got "lots"',
    );
    expect(() => readGatewayConfig({ ...env, ANSWER_CACHE_MB: '-1' })).toThrow('ANSWER_CACHE_MB');
    expect(() => readGatewayConfig({ ...env, REDIS_URL: 'cache:6379' })).toThrow('REDIS_URL must start with redis:// or rediss://');
    expect(() => readGatewayConfig({ ...env, ANSWER_CACHE_KEY_PREFIX: 'cg:*' })).toThrow('ANSWER_CACHE_KEY_PREFIX must be 1 to 64 letters');
  });
});

describe('FUNDER_LIVE_FIGURES and RELEASE_PARTNER_CONCURRENCY', () => {
  it('shows funders released figures only unless the coalition turns live figures on; an approval asks two partners at a time', () => {
    expect(readGatewayConfig(env)).toMatchObject({ fundersSeeLive: false, releasePartnerConcurrency: 2 });
    expect(readGatewayConfig({ ...env, FUNDER_LIVE_FIGURES: 'on', RELEASE_PARTNER_CONCURRENCY: '1' })).toMatchObject({
      fundersSeeLive: true,
      releasePartnerConcurrency: 1,
    });
    expect(() => readGatewayConfig({ ...env, FUNDER_LIVE_FIGURES: 'yes please' })).toThrow(/FUNDER_LIVE_FIGURES/);
    expect(() => readGatewayConfig({ ...env, RELEASE_PARTNER_CONCURRENCY: '0' })).toThrow(/RELEASE_PARTNER_CONCURRENCY/);
  });
});

describe('DISCLOSURE_MIN_CELL and DISCLOSURE_PROTECTION', () => {
  it('defaults to k = 11 and p = 3, and takes values in range', () => {
    expect(readGatewayConfig(env)).toMatchObject({ minimumCellSize: 11, disclosureProtection: 3 });
    expect(readGatewayConfig({ ...env, DISCLOSURE_MIN_CELL: '5', DISCLOSURE_PROTECTION: '4' })).toMatchObject({ minimumCellSize: 5, disclosureProtection: 4 });
  });

  it('refuses to start with either out of range, naming the variable and the range', () => {
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_MIN_CELL: '1' })).toThrow('DISCLOSURE_MIN_CELL must be from 2 to 100, not 1');
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_MIN_CELL: '500' })).toThrow('DISCLOSURE_MIN_CELL must be from 2 to 100, not 500');
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_PROTECTION: '11' })).toThrow(
      'DISCLOSURE_PROTECTION must be from 1 to DISCLOSURE_MIN_CELL - 1 (10), not 11',
    );
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_MIN_CELL: '3', DISCLOSURE_PROTECTION: '3' })).toThrow(
      'DISCLOSURE_PROTECTION must be from 1 to DISCLOSURE_MIN_CELL - 1 (2), not 3',
    );
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_PROTECTION: '0' })).toThrow('DISCLOSURE_PROTECTION must be a positive whole number; got "0"');
    expect(() => readGatewayConfig({ ...env, DISCLOSURE_PROTECTION: 'high' })).toThrow('DISCLOSURE_PROTECTION must be a positive whole number; got "high"');
  });
});
