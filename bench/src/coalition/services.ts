import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { StopStack, type Stoppable } from '@coalition/shared';
import { generateProofKeys, type Permission } from '@coalition/shared/auth';
import { parseMetrics } from '@coalition/shared/http';
import { DEMO_AUTH, mintDemoToken } from '@coalition/demo';
import type { Dataset } from './dataset';
import { type AnswerCacheCounts, parseAnswerCacheCounts } from './cache-metrics';

/**
 * The coalition of a dataset as it would be deployed: the registry, every partner and the gateway
 * each in its own Node process, started from their own `main.js` with environment configuration,
 * talking real HTTP.
 */
export interface RunningCoalition {
  gatewayUrl: string;
  /** a second gateway over the same partners that aggregates records itself (with `withoutPushdown`) */
  rowsGatewayUrl?: string;
  partnerUrls: Map<string, string>;
  registryUrl: string;
  /** `permissions` grants beyond the role, e.g. approve_releases for the analyst who approves the dashboard's releases */
  token(claims: {
    role: 'backbone_analyst' | 'funder' | 'partner_staff';
    partner_id?: string;
    portfolio?: 'ALL' | string[];
    permissions?: Permission[];
  }): string;
  /** Summed /metrics counters of the registry and every partner. */
  subgraphCounters(): Promise<{ requests: number; statements: number }>;
  /** Each partner's own /metrics counters, by partner id. */
  partnerCounters(): Promise<Map<string, SubgraphCounters>>;
  /** The gateway process's resident memory, in bytes. */
  gatewayMemory(): Promise<number>;
  /** CPU seconds used so far (process_cpu_seconds_total) by the main gateway, the registry and all partner processes together. */
  cpuSeconds(): Promise<CpuSeconds>;
  /** The main gateway's answer cache counters (GET /metrics). */
  gatewayCache(): Promise<AnswerCacheCounts>;
  /** Another gateway over the same registry and partners, e.g. with another ANSWER_CACHE_MB; stopped with the rest if not before. */
  startGateway(options: { name: string; answerCacheMb: number; env?: Record<string, string> }): Promise<BenchGateway>;
  /**
   * Another process of the backbone over the same registry and partners, with the gateway's key
   * and the demo's sign-in: a standalone service (`gateway/dist/services/main.js analytics`), a
   * gateway pointed at them, Hive. Resolves once it answers `healthPath`.
   */
  startProcess(options: BackboneProcess): Promise<{ url: string; stop(): Promise<void> }>;
  /** Signs a request body for one partner as the gateway would (the direct-call baseline). */
  proofKeys: ReturnType<typeof generateProofKeys>;
  stop(): Promise<void>;
}

export interface BackboneProcess {
  name: string;
  /** relative to the repository, e.g. gateway/dist/services/main.js */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** default /health */
  healthPath?: string;
}

export interface CpuSeconds {
  gateway: number;
  registry: number;
  /** every partner's Node process together (their PostgreSQL's work is not in it) */
  partners: number;
}

export interface SubgraphCounters {
  requests: number;
  statements: number;
}

/** A gateway process started on demand (`RunningCoalition.startGateway`). */
export interface BenchGateway {
  url: string;
  /** its resident memory, in bytes */
  memory(): Promise<number>;
  cache(): Promise<AnswerCacheCounts>;
  stop(): Promise<void>;
}

export interface CoalitionServiceOptions {
  /**
   * ANSWER_CACHE_MB of the main gateway; unset: the gateway's own default (a cache, as deployed).
   * 0 where repeated runs of one question must each be computed, as they were before the cache.
   */
  answerCacheMb?: number;
  /** also start a gateway without pushdown (partners then allow row export); it keeps no answers */
  withoutPushdown?: boolean;
  partnerTimeoutMs?: number;
  /** write a V8 CPU profile of each gateway into logDir when it stops (--profile) */
  profileGateway?: boolean;
  logDir: string;
}

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Ports given to services this process started. A port the OS found free is free only until a
 * service binds it, and services start slowly: without this, two of 48 partners could be handed
 * the same port, one would fail to bind, and requests for one partner reach another (seen at 48 x
 * 50,000 as "jwt audience invalid").
 */
const handedOut = new Set<number>();

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const found = (server.address() as { port: number }).port;
        server.close(() => resolve(found));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

async function waitForHealth(url: string, child: ChildProcess, name: string, timeoutMs = 120_000, healthPath = '/health'): Promise<void> {
  const health = url.replace(/\/graphql$/, healthPath);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting (see its log)`);
    try {
      const response = await fetch(health);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become healthy within ${timeoutMs} ms`);
}

/** Connections per partner: the server allows about 100, shared by every partner, the registry and the bench. */
export function partnerPoolSize(partners: number): number {
  return Math.max(1, Math.min(4, Math.floor(72 / partners)));
}

/** Node processes started from their `main.js`, each logging to its own file; stop() ends them all at once. */
class ProcessGroup implements Stoppable {
  private readonly children: ChildProcess[] = [];

  constructor(private readonly logDir: string) {}

  spawn(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = [], scriptArgs: string[] = []): ChildProcess {
    const out = createWriteStream(join(this.logDir, `${name}.log`));
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script), ...scriptArgs], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    this.children.push(child);
    return child;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children
        .splice(0)
        .reverse()
        .map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
    );
  }
}

const graphqlUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** The registry and every partner, started together; resolves when all are healthy. */
async function startSubgraphs(group: ProcessGroup, dataset: Dataset, options: CoalitionServiceOptions, publicPem: string) {
  const registryPort = await freePort();
  const registryUrl = graphqlUrl(registryPort);
  const registry = group.spawn('registry', 'subgraphs/registry/dist/main.js', {
    DATABASE_URL: dataset.registryUrl,
    PORT: String(registryPort),
    GATEWAY_PUBLIC_KEY: publicPem,
  });
  const partnerUrls = new Map<string, string>();
  const starting: Array<Promise<void>> = [waitForHealth(registryUrl, registry, 'registry')];
  for (const partner of dataset.partners) {
    const port = await freePort();
    partnerUrls.set(partner.id, graphqlUrl(port));
    const child = group.spawn(partner.id, 'subgraphs/partner/dist/main.js', {
      PARTNER_ID: partner.id,
      PARTNER_NAME: partner.name,
      DATABASE_URL: dataset.partnerUrls.get(partner.id)!,
      PORT: String(port),
      GATEWAY_PUBLIC_KEY: publicPem,
      DATABASE_POOL_SIZE: String(partnerPoolSize(dataset.partners.length)),
      INDICATOR_ROW_EXPORT: options.withoutPushdown ? 'on' : 'off',
    });
    starting.push(waitForHealth(graphqlUrl(port), child, partner.id));
  }
  await Promise.all(starting);
  return { registryUrl, partnerUrls };
}

/** The registry's partner list is the gateway's directory: point it at this run's ports. */
async function pointDirectoryAt(registryDatabaseUrl: string, partnerUrls: ReadonlyMap<string, string>): Promise<void> {
  const client = new Client({ connectionString: registryDatabaseUrl });
  await client.connect();
  try {
    for (const [id, url] of partnerUrls) await client.query(`UPDATE partner SET endpoint = $2, status = 'ACTIVE' WHERE id = $1`, [id, url]);
  } finally {
    await client.end();
  }
}

/** What every backbone process of the benchmark shares: the registry, the gateway's key, the demo's sign-in. */
const backboneEnv = (registryUrl: string, privatePem: string): Record<string, string> => ({
  REGISTRY_URL: registryUrl,
  GATEWAY_SIGNING_KEY: privatePem,
  AUTH_ISSUER: DEMO_AUTH.issuer,
  AUTH_AUDIENCE: DEMO_AUTH.audience,
  AUTH_HS256_SECRET: DEMO_AUTH.secret,
  PARTNER_TIMEOUT_MS: '120000',
});

interface GatewayProcessOptions {
  name: string;
  pushdown: boolean;
  registryUrl: string;
  privatePem: string;
  /** unset: the gateway's default */
  answerCacheMb?: number;
  /** more settings, e.g. REDIS_URL for replicas */
  env?: Record<string, string>;
}

async function startGatewayProcess(
  group: ProcessGroup,
  { name, pushdown, registryUrl, privatePem, answerCacheMb, env }: GatewayProcessOptions,
  options: CoalitionServiceOptions,
) {
  const port = await freePort();
  const child = group.spawn(
    name,
    'gateway/dist/main.js',
    {
      ...backboneEnv(registryUrl, privatePem),
      PORT: String(port),
      PARTNER_TIMEOUT_MS: String(options.partnerTimeoutMs ?? 120_000),
      INDICATOR_PUSHDOWN: pushdown ? 'on' : 'off',
      AUDIT_LOG_PATH: join(options.logDir, `${name}-audit.jsonl`),
      // The dashboard scenario's load comes from one subject; no rate limit applies.
      RATE_LIMIT_PER_MINUTE: '0',
      // Funders read approved releases by default; the dashboard scenario also measures them reading live figures.
      FUNDER_LIVE_FIGURES: 'on',
      ...(answerCacheMb === undefined ? {} : { ANSWER_CACHE_MB: String(answerCacheMb) }),
      ...env,
    },
    options.profileGateway ? ['--cpu-prof', `--cpu-prof-dir=${options.logDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [],
  );
  await waitForHealth(graphqlUrl(port), child, name);
  return { url: graphqlUrl(port), child };
}

/** Starts the subgraphs, then the gateways over them; stop() ends the gateways first. */
export async function startServices(dataset: Dataset, options: CoalitionServiceOptions): Promise<RunningCoalition> {
  const keys = generateProofKeys();
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(options.logDir, { recursive: true });
  const stack = new StopStack();
  return stack.guard(async () => {
    const { registryUrl, partnerUrls } = await startSubgraphs(stack.use(new ProcessGroup(options.logDir)), dataset, options, publicPem);
    await pointDirectoryAt(dataset.registryUrl, partnerUrls);
    const gateways = stack.use(new ProcessGroup(options.logDir));
    const main = { registryUrl, privatePem, answerCacheMb: options.answerCacheMb };
    // The gateway without pushdown exists to compare computed answers: it keeps none.
    const [gateway, rowsGateway] = await Promise.all([
      startGatewayProcess(gateways, { name: 'gateway', pushdown: true, ...main }, options),
      options.withoutPushdown
        ? startGatewayProcess(gateways, { name: 'gateway-without-pushdown', pushdown: false, registryUrl, privatePem, answerCacheMb: 0 }, options)
        : null,
    ]);
    const startGateway = async ({ name, answerCacheMb, env }: { name: string; answerCacheMb: number; env?: Record<string, string> }): Promise<BenchGateway> => {
      const group = stack.use(new ProcessGroup(options.logDir));
      return benchGateway(await startGatewayProcess(group, { name, pushdown: true, registryUrl, privatePem, answerCacheMb, env }, options), group);
    };
    const startProcess = async ({ name, script, args = [], env = {}, healthPath }: BackboneProcess) => {
      const group = stack.use(new ProcessGroup(options.logDir));
      const port = await freePort();
      const child = group.spawn(name, script, { ...backboneEnv(registryUrl, privatePem), PORT: String(port), ...env }, [], args);
      await waitForHealth(graphqlUrl(port), child, name, 120_000, healthPath);
      return { url: graphqlUrl(port), stop: () => group.stop() };
    };
    const partnerCounters = async () => new Map(await Promise.all([...partnerUrls].map(async ([id, url]) => [id, counters(await metrics(url))] as const)));
    return {
      gatewayUrl: gateway.url,
      rowsGatewayUrl: rowsGateway?.url,
      partnerUrls,
      registryUrl,
      proofKeys: keys,
      token: (claims) => mintDemoToken({ sub: `bench-${claims.role}`, ...claims }),
      async subgraphCounters() {
        const all = (await Promise.all([registryUrl, ...partnerUrls.values()].map(metrics))).map(counters);
        return { requests: all.reduce((n, c) => n + c.requests, 0), statements: all.reduce((n, c) => n + c.statements, 0) };
      },
      partnerCounters,
      gatewayMemory: () => memoryOf(gateway),
      async cpuSeconds() {
        const cpu = async (url: string) => (await metrics(url)).process_cpu_seconds_total ?? 0;
        const partners = await Promise.all([...partnerUrls.values()].map(cpu));
        return { gateway: await cpu(gateway.url), registry: await cpu(registryUrl), partners: partners.reduce((a, b) => a + b, 0) };
      },
      gatewayCache: () => answerCacheCounts(gateway.url),
      startGateway,
      startProcess,
      stop: () => stack.stop(),
    };
  });
}

const metricsText = async (url: string) => (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
const metrics = async (url: string) => parseMetrics(await metricsText(url));
const counters = (m: Record<string, number>): SubgraphCounters => ({
  requests: m.coalition_graphql_requests_total ?? 0,
  statements: m.coalition_sql_statements_total ?? 0,
});

type GatewayProcess = Awaited<ReturnType<typeof startGatewayProcess>>;

const memoryOf = async (gateway: GatewayProcess) => residentMemory(gateway.child.pid) ?? (await metrics(gateway.url)).process_resident_memory_bytes;

function benchGateway(gateway: GatewayProcess, group: ProcessGroup): BenchGateway {
  return { url: gateway.url, memory: () => memoryOf(gateway), cache: () => answerCacheCounts(gateway.url), stop: () => group.stop() };
}

/** A gateway's answer cache counters from its /metrics (labelled series, which `parseMetrics` leaves out). */
async function answerCacheCounts(gatewayUrl: string): Promise<AnswerCacheCounts> {
  return parseAnswerCacheCounts(await metricsText(gatewayUrl));
}

/** VmRSS of a process, as the operating system counts it (Linux only; undefined elsewhere). */
function residentMemory(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
