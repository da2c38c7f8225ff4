import type { KeyObject } from 'node:crypto';
import { GATEWAY_ISSUER, PROOF_HEADER, ProofVerifier, type ReplayStore } from '@coalition/shared/auth';
import { ApolloServer } from '@apollo/server';
import { databaseUnreachable, describeForLog, ErrorCode, formatError } from '@coalition/shared';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { serveGraphQL, type RunningServer } from '@coalition/shared/http';
import type { PartnerDataSource } from './db/data-source';
import { createPartnerContext, createPartnerServices, type PartnerContext } from './context';
import { buildPartnerSchema } from './schema';
import type { LinkageConfig } from './enrollment/registry-client';
import type { DataVersionService } from './version/data-version.service';
import type { CoderFactory } from './themes/coding.service';

export interface PartnerServerOptions {
  partnerId: string;
  partnerName: string;
  database: PartnerDataSource;
  host?: string;
  port?: number;
  /** Where unexpected errors go; never sent to clients. */
  logError?: (message: string) => void;
  /** Enrollment links people through the registry; without this, enrollParticipant refuses. */
  linkage?: LinkageConfig;
  /** The gateway's public key: requests without its proof (for this partner, this body, once) get 401. */
  gatewayPublicKey: KeyObject | string;
  /** Where accepted proof ids are kept: Redis, shared by this partner's replicas; default this process's memory. The caller closes it. */
  replayStore?: ReplayStore;
  /** Answer `indicatorRows` (benchmark only: records leave the partner). Default false. */
  rowExport?: boolean;
  /** Where `dataVersion` comes from; default one SELECT of the migrations' counter per request. */
  dataVersion?: DataVersionService;
  /** The coder of free-text answers (docs/THEMES.md): default the rule coder; a partner may plug in its own. */
  themeCoder?: CoderFactory;
  /** How often answers not coded yet under the installed codebooks are coded (default 0: only when a figure asks; main.ts reads THEME_CODING_INTERVAL_MS, default 60000). */
  themeCodingIntervalMs?: number;
}

export interface PartnerServer extends RunningServer {
  partnerId: string;
  /** SQL statements this partner's database has run since start (for tests and stats). */
  sqlStatements(): number;
}

/** Starts one partner subgraph over an initialized, migrated data source. Side-effect free until called. */
export async function startPartnerServer(options: PartnerServerOptions): Promise<PartnerServer> {
  const { dataSource, sql } = options.database;
  const logError = options.logError ?? ((message) => console.error(`[partner ${options.partnerId}] ${message}`));
  const services = createPartnerServices(dataSource, options.partnerId, options.linkage, {
    rowExport: options.rowExport ?? false,
    logError,
    dataVersion: options.dataVersion,
    themeCoder: options.themeCoder,
  });
  const partner = { id: options.partnerId, name: options.partnerName };
  // A partner that cannot read its database is a missing partner, not an empty one: the gateway counts it out.
  const databaseDown = databaseUnreachable(ErrorCode.PARTNER_UNAVAILABLE, `Partner ${partner.id}`, { partnerId: partner.id });
  const apollo = new ApolloServer<PartnerContext>({
    schema: await buildPartnerSchema(),
    // runService (main.ts) owns SIGINT/SIGTERM and stops everything in order; Apollo's own handler
    // would stop it first and re-send the signal, killing the process before pools close.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // No usage reporting here, so no per-field traces to send to the gateway.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) => formatError(formatted, error, (e) => logError(`unexpected error: ${describeForLog(e)}`), { databaseDown }),
  });
  const verifier = new ProofVerifier({
    audience: partner.id,
    issuers: { [GATEWAY_ISSUER]: { algorithm: 'ES256', key: options.gatewayPublicKey } },
    replayStore: options.replayStore,
  });
  const running = await serveGraphQL(apollo, {
    host: options.host ?? '127.0.0.1',
    log: logError,
    port: options.port ?? 0,
    authenticate: (request, body) => verifier.verify(request.headers[PROOF_HEADER] as string | undefined, body),
    context: async (_request, proof) => createPartnerContext(partner, services, proof),
    health: async () => {
      await dataSource.query('SELECT 1');
      return { service: 'partner', partnerId: partner.id };
    },
    metrics: () => ({ coalition_sql_statements_total: sql.statements }),
  });
  const coding = scheduleThemeCoding(services.themes, options.themeCodingIntervalMs ?? 0, logError);
  return {
    ...running,
    partnerId: partner.id,
    sqlStatements: () => sql.statements,
    async stop() {
      await coding.stop();
      await running.stop();
    },
  };
}

/**
 * Answers arrive by import (another process), by mutation, or as an own database changes: every
 * interval, whatever is not coded yet under each installed codebook version is coded in the
 * background. A run under way finishes before the server stops.
 */
function scheduleThemeCoding(themes: PartnerContext['services']['themes'], intervalMs: number, logError: (message: string) => void) {
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = themes.startAll().catch((error) => logError(`theme coding sweep failed: ${describeForLog(error)}`));
  };
  const timer = intervalMs > 0 ? setInterval(sweep, intervalMs) : null;
  timer?.unref();
  if (timer) sweep();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await themes.idle();
    },
  };
}
