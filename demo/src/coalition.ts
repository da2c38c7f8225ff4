import { openPartnerService, ThemeCodingService, type PartnerDataSource, type PartnerServer } from '@coalition/partner';
import { openRegistryService } from '@coalition/registry';
import { composeSupergraph, defaultDashboardDir, startGateway, type GatewayOptions, type GatewayServer } from '@coalition/gateway';
import { StopStack } from '@coalition/shared';
import { WORKFORCE_BARRIERS_V1 } from '@coalition/shared/themes';
import type { RunningServer } from '@coalition/shared/http';
import { generateProofKeys } from '@coalition/shared/auth';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_USER_AUTH, demoRegistryKey, demoTokens } from './auth';
import type { DataSource } from 'typeorm';
import { DEMO_PARTNERS, generateCoalition, type DemoCoalition, type PartnerSpec } from './generate';
import { databaseUrl, ensureDatabase } from './postgres';
import { seedCodebook, seedPartner, seedRegistry } from './seed';

export interface CoalitionOptions {
  /** Server in which per-service databases are created (unless overridden below). */
  adminUrl: string;
  /** Prefix of the database names, e.g. "coalition" gives coalition_registry, coalition_partner_... */
  databasePrefix: string;
  /** Per-service database URLs that override the derived ones, keyed "registry" or a partner id. */
  databaseUrls?: Readonly<Record<string, string>>;
  seed?: number;
  people?: number;
  host?: string;
  ports?: { gateway?: number; registry?: number; partners?: readonly number[] };
  partnerTimeoutMs?: number;
  directoryRefreshMs?: number;
  production?: boolean;
  log?: (message: string) => void;
  /**
   * Where the gateway's signing key is kept between starts (PEM, created with mode 600 when
   * missing). Without it, a fresh key pair per start (tests).
   */
  gatewayKeyFile?: string;
  /** The coalition linkage secret the partners share (the demo's own by default). */
  linkageSecret?: string;
  /** Options passed on to the gateway (limits, rate limiter, persisted operations, audit sink). */
  gateway?: Partial<
    Pick<
      GatewayOptions,
      'limits' | 'rateLimiter' | 'persisted' | 'audit' | 'maxRequestBytes' | 'minimumCellSize' | 'fundersSeeLive' | 'answerCacheMb' | 'dashboard'
    >
  >;
  /** How often partners code answers not coded yet (default 0: only when a figure asks; `npm start` codes at once and every minute). */
  themeCodingIntervalMs?: number;
  /** Code every partner's free-text answers before it serves (default true; false leaves them for installCodebook or the first figure). */
  codeAnswersAtStart?: boolean;
}

/** For the demo only: a real coalition generates its own and gives it to partners, never to the registry. */
export const DEMO_LINKAGE_SECRET = 'demo-coalition-linkage-secret-not-for-production';

export interface RunningPartner {
  spec: PartnerSpec;
  database: PartnerDataSource;
  server: PartnerServer | undefined;
}

export interface Coalition {
  demo: DemoCoalition;
  gateway: GatewayServer;
  registry: RunningServer;
  registryDataSource: DataSource;
  partners: Map<string, RunningPartner>;
  /** The gateway's request-signing key pair, made fresh at start (tests use it to forge or replay proofs). */
  proofKeys: { privateKey: KeyObject; publicKey: KeyObject };
  /** Stops one partner's service (its database stays), as an outage would. */
  stopPartner(partnerId: string): Promise<void>;
  stop(): Promise<void>;
}

/** The gateway's key pair from a PEM file, made and saved (owner-only) the first time. */
export function gatewayKeysIn(file: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (existsSync(file)) {
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  const keys = generateProofKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  return keys;
}

const dbName = (prefix: string, suffix: string) => `${prefix}_${suffix.replace(/-/g, '_')}`;

/** A service's database: the override for `key` ("registry" or a partner id), or one made on the admin server. */
async function databaseFor(options: CoalitionOptions, key: string): Promise<string> {
  const override = options.databaseUrls?.[key];
  if (override) return override;
  const name = dbName(options.databasePrefix, key === 'registry' ? 'registry' : `partner_${key}`);
  await ensureDatabase(options.adminUrl, name);
  return databaseUrl(options.adminUrl, name);
}

/**
 * The whole demo coalition in one process: the registry, three partner subgraphs (each on its
 * own database) and the gateway, each listening on its own port and talking real HTTP.
 */
export async function startCoalition(options: CoalitionOptions): Promise<Coalition> {
  const log = options.log ?? (() => undefined);
  const demo = generateCoalition({ seed: options.seed, people: options.people });
  const stack = new StopStack((error) => log(`while stopping: ${(error as Error).message}`));
  return stack.guard(async () => {
    // The gateway signs subgraph requests, subgraphs check them: a fresh key pair per start, or
    // the one kept in `gatewayKeyFile` (npm start), so a partner that joined keeps trusting it.
    const proofKeys = options.gatewayKeyFile ? gatewayKeysIn(options.gatewayKeyFile) : generateProofKeys();
    const partnerKeys = Object.fromEntries(demo.partners.map((spec) => [spec.id, demoRegistryKey(spec.id)]));
    // The registry first: partners call it to link the people they enroll.
    const registry = stack.use(
      await openRegistryService({
        databaseUrl: await databaseFor(options, 'registry'),
        host: options.host,
        port: options.ports?.registry ?? 0,
        logError: (m) => log(`[registry] ${m}`),
        gatewayPublicKey: proofKeys.publicKey,
        partnerKeys,
      }),
    );
    const partners = new Map<string, RunningPartner>();
    for (const [index, spec] of demo.partners.entries()) {
      const data = demo.data.get(spec.id)!;
      const service = stack.use(
        await openPartnerService({
          partnerId: spec.id,
          partnerName: spec.name,
          databaseUrl: await databaseFor(options, spec.id),
          host: options.host,
          port: options.ports?.partners?.[index] ?? 0,
          logError: (m) => log(`[${spec.id}] ${m}`),
          gatewayPublicKey: proofKeys.publicKey,
          linkage: { secret: options.linkageSecret ?? DEMO_LINKAGE_SECRET, registryUrl: registry.server.url, registryKey: partnerKeys[spec.id] },
          prepare: async (dataSource) => {
            if (await seedPartner(dataSource, data)) log(`seeded ${spec.id}: ${data.participants.length} participants`);
            await seedCodebook(dataSource);
            if (options.codeAnswersAtStart ?? true)
              await new ThemeCodingService(dataSource).codePending(WORKFORCE_BARRIERS_V1.code, WORKFORCE_BARRIERS_V1.version);
          },
          themeCodingIntervalMs: options.themeCodingIntervalMs ?? 0,
        }),
      );
      partners.set(spec.id, { spec, database: service.database, server: service.server });
    }
    await seedRegistry(registry.dataSource, demo, new Map([...partners].map(([id, p]) => [id, p.server!.url])));
    const gateway = stack.use(await startDemoGateway(options, registry.server.url, proofKeys.privateKey));
    return {
      demo,
      gateway,
      registry: registry.server,
      registryDataSource: registry.dataSource,
      partners,
      proofKeys,
      async stopPartner(partnerId) {
        const partner = partners.get(partnerId);
        if (!partner) throw new Error(`no partner ${partnerId}`);
        await partner.server?.stop();
        partner.server = undefined;
      },
      stop: () => stack.stop(),
    };
  });
}

/**
 * The gateway with the demo's sign-in (its HS256 secret), the dashboard offering the demo's tokens
 * (not in production mode, which refuses them), and the options the caller passed on.
 */
async function startDemoGateway(options: CoalitionOptions, registryUrl: string, signingKey: KeyObject): Promise<GatewayServer> {
  const partnerIds = DEMO_PARTNERS.map((p) => p.id);
  return startGateway({
    dashboard: {
      dir: defaultDashboardDir(),
      coalition: 'Demo workforce coalition',
      demoTokens: options.production ? undefined : demoTokens(partnerIds),
    },
    supergraphSdl: await composeSupergraph(),
    registryUrl,
    partnerTimeoutMs: options.partnerTimeoutMs ?? 5_000,
    directoryRefreshMs: options.directoryRefreshMs ?? 30_000,
    host: options.host ?? '127.0.0.1',
    port: options.ports?.gateway ?? 0,
    production: options.production,
    log: options.log ?? (() => undefined),
    auth: DEMO_USER_AUTH,
    signingKey,
    ...options.gateway,
  });
}
