import { PARTNER_ID_PATTERN } from '@coalition/shared';

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
}

/** Reads a partner service's configuration; the only place in this package that reads env. */
export function readPartnerConfig(env: NodeJS.ProcessEnv = process.env): PartnerConfig {
  const partnerId = env.PARTNER_ID ?? '';
  if (!PARTNER_ID_PATTERN.test(partnerId)) {
    throw new Error(`PARTNER_ID must be a slug like "northside-training" (lower case letters, digits, dashes); got "${partnerId}"`);
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required: the PostgreSQL database that holds this partner\'s records');
  const port = Number(env.PORT ?? 4101);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}"`);
  const dataMode = env.PARTNER_DATA_MODE ?? 'tables';
  if (dataMode !== 'tables' && dataMode !== 'views') throw new Error(`PARTNER_DATA_MODE must be "tables" or "views"; got "${dataMode}"`);
  const schema = env.PARTNER_DB_SCHEMA ?? 'public';
  return { partnerId, partnerName: env.PARTNER_NAME ?? partnerId, databaseUrl, host: env.HOST ?? '127.0.0.1', port, schema, dataMode };
}
