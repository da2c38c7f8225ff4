export interface RegistryConfig {
  databaseUrl: string;
  host: string;
  port: number;
}

/** The only place in this package that reads env. */
export function readRegistryConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required: the PostgreSQL database of the registry');
  const port = Number(env.PORT ?? 4001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}"`);
  return { databaseUrl, host: env.HOST ?? '127.0.0.1', port };
}
