import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GatewayConfig {
  registryUrl: string;
  supergraphSdl: string;
  partnerTimeoutMs: number;
  directoryRefreshMs: number;
  host: string;
  port: number;
  production: boolean;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number; got "${raw}"`);
  return value;
}

/** The only place in the gateway that reads env or files. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const registryUrl = env.REGISTRY_URL;
  if (!registryUrl) throw new Error('REGISTRY_URL is required: the registry subgraph, e.g. http://127.0.0.1:4001/graphql');
  const supergraphPath = env.SUPERGRAPH_PATH ?? join(__dirname, '..', 'supergraph.graphql');
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(supergraphPath, 'utf8');
  } catch {
    throw new Error(`No supergraph at ${supergraphPath}: run "npm run build" (it composes the supergraph) or set SUPERGRAPH_PATH`);
  }
  return {
    registryUrl,
    supergraphSdl,
    partnerTimeoutMs: positiveInt(env, 'PARTNER_TIMEOUT_MS', 5_000),
    directoryRefreshMs: positiveInt(env, 'DIRECTORY_REFRESH_MS', 30_000),
    host: env.HOST ?? '127.0.0.1',
    port: positiveInt(env, 'PORT', 4000),
    production: env.NODE_ENV === 'production',
  };
}
