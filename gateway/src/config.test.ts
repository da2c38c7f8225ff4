import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProofKeys } from '@coalition/shared/auth';
import { readGatewayConfig } from './config';

describe('LOG_LEVEL', () => {
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

  it("defaults to info, takes pino's levels, and names the variable for anything else", () => {
    expect(readGatewayConfig(env).logLevel).toBe('info');
    expect(readGatewayConfig({ ...env, LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => readGatewayConfig({ ...env, LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
    );
  });
});
