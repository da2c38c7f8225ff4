import { createPartnerDataSource, startPartnerServer, type PartnerDataSource, type PartnerServer } from '@coalition/partner';
import { createRegistryDataSource, startRegistryServer } from '@coalition/registry';
import { composeSupergraph, startGateway, type GatewayOptions, type GatewayServer } from '@coalition/gateway';
import type { RunningServer } from '@coalition/shared/http';
import { generateProofKeys } from '@coalition/shared/auth';
import type { KeyObject } from 'node:crypto';
import { DEMO_AUTH, demoRegistryKey } from './auth';
import type { DataSource } from 'typeorm';
import { generateCoalition, type DemoCoalition, type PartnerSpec } from './generate';
import { databaseUrl, ensureDatabase } from './postgres';
import { seedPartner, seedRegistry } from './seed';

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
  /** The coalition linkage secret the partners share (the demo's own by default). */
  linkageSecret?: string;
  /** Options passed on to the gateway (limits, rate limiter, persisted operations, audit sink). */
  gateway?: Partial<Pick<GatewayOptions, 'limits' | 'rateLimiter' | 'persisted' | 'audit' | 'maxRequestBytes' | 'minimumCellSize'>>;
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

const dbName = (prefix: string, suffix: string) => `${prefix}_${suffix.replace(/-/g, '_')}`;

/**
 * The whole demo coalition in one process: the registry, three partner subgraphs (each on its
 * own database) and the gateway, each listening on its own port and talking real HTTP.
 */
export async function startCoalition(options: CoalitionOptions): Promise<Coalition> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const demo = generateCoalition({ seed: options.seed, people: options.people });
  const urlFor = async (key: string) => {
    const override = options.databaseUrls?.[key];
    if (override) return override;
    const name = dbName(options.databasePrefix, key === 'registry' ? 'registry' : `partner_${key}`);
    await ensureDatabase(options.adminUrl, name);
    return databaseUrl(options.adminUrl, name);
  };

  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch((error) => log(`while stopping: ${(error as Error).message}`));
  };
  try {
    // The registry first: partners call it to link the people they enroll.
    const registryDataSource = createRegistryDataSource(await urlFor("registry"), { logError: (m) => log(`[registry] ${m}`) });
    await registryDataSource.initialize();
    started.push(() => registryDataSource.destroy());
    await registryDataSource.runMigrations({ transaction: 'each' });
    // A fresh key pair per start: the gateway signs subgraph requests, subgraphs check them.
    const proofKeys = generateProofKeys();
    const partnerKeys = Object.fromEntries(demo.partners.map((spec) => [spec.id, demoRegistryKey(spec.id)]));
    const registry = await startRegistryServer({
      dataSource: registryDataSource, host, port: options.ports?.registry ?? 0, logError: log, gatewayPublicKey: proofKeys.publicKey, partnerKeys,
    });
    started.push(() => registry.stop());

    const partners = new Map<string, RunningPartner>();
    for (const [index, spec] of demo.partners.entries()) {
      const database = createPartnerDataSource(await urlFor(spec.id), { logError: (m) => log(`[${spec.id}] ${m}`) });
      await database.dataSource.initialize();
      started.push(() => database.dataSource.destroy());
      await database.dataSource.runMigrations({ transaction: 'each' });
      if (await seedPartner(database.dataSource, demo.data.get(spec.id)!)) log(`seeded ${spec.id}: ${demo.data.get(spec.id)!.participants.length} participants`);
      const linkage = { secret: options.linkageSecret ?? DEMO_LINKAGE_SECRET, registryUrl: registry.url, registryKey: partnerKeys[spec.id] };
      const server = await startPartnerServer({
        partnerId: spec.id, partnerName: spec.name, database, host, port: options.ports?.partners?.[index] ?? 0, logError: log, linkage, gatewayPublicKey: proofKeys.publicKey,
      });
      const running: RunningPartner = { spec, database, server };
      started.push(async () => {
        await running.server?.stop();
        running.server = undefined;
      });
      partners.set(spec.id, running);
    }

    await seedRegistry(registryDataSource, demo, new Map([...partners].map(([id, p]) => [id, p.server!.url])));

    const gateway = await startGateway({
      supergraphSdl: await composeSupergraph(),
      registryUrl: registry.url,
      partnerTimeoutMs: options.partnerTimeoutMs ?? 5_000,
      directoryRefreshMs: options.directoryRefreshMs ?? 30_000,
      host,
      port: options.ports?.gateway ?? 0,
      production: options.production,
      log,
      auth: { issuer: DEMO_AUTH.issuer, audience: DEMO_AUTH.audience, publicKeys: [], hs256Secret: DEMO_AUTH.secret, clockToleranceS: 30, anonymousReference: false },
      signingKey: proofKeys.privateKey,
      ...options.gateway,
    });
    started.push(() => gateway.stop());

    return {
      demo, gateway, registry, registryDataSource, partners, proofKeys,
      async stopPartner(partnerId) {
        const partner = partners.get(partnerId);
        if (!partner) throw new Error(`no partner ${partnerId}`);
        await partner.server?.stop();
        partner.server = undefined;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
