import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run partner -- <command> --id <partner-id> [options]
  add         --id ID --name NAME --program-type TYPE [--endpoint URL] [--out DIR]
              registers the partner and writes DIR/partner.env (mode 600) and DIR/gateway-public.pem,
              what the partner's service needs (default DIR: ./partner-<id>)
  rotate-key  --id ID [--overlap-hours 24] [--out DIR]
              issues a new registry key; the old one works for the overlap (0: refused at once);
              rewrites DIR/partner.env with the new key
  suspend     --id ID --reason TEXT    out of scope, keys refused, data and links kept
  reactivate  --id ID --reason TEXT [--endpoint URL]
                                       a suspended or onboarding partner becomes ACTIVE (--endpoint: where
                                       the gateway reaches it, required if it has none yet)
  retire      --id ID --reason TEXT    out for good, every key refused at once
  history     --id ID                  the partner's audit trail
Options: --gateway URL (default http://127.0.0.1:4000). For partner.env: --registry-url URL (the
registry as the partner reaches it; default REGISTRY_URL), --database-url URL (the partner's own
database; default a placeholder to fill in). The coalition's LINKAGE_SECRET is copied from the
environment if set, else left as a placeholder: it never passes through the gateway or registry.
The admin's token is read from COALITION_TOKEN.
Exit status: 0 done; 1 refused by the coalition (the message says why); 2 usage error.`;

class UsageError extends Error {}

const CREDENTIALS = `partner { id name programType endpoint status } keyId registryKey previousKeyExpiresAt gatewayPublicKey`;
const PARTNER = 'id name programType endpoint status';

interface Credentials {
  partner: { id: string; name: string; programType: string; endpoint: string | null; status: string };
  keyId: string;
  registryKey: string;
  previousKeyExpiresAt: string | null;
  gatewayPublicKey: string | null;
}

async function ask<T>(gateway: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const url = gateway.replace(/\/+$/, '').replace(/\/graphql$/, '') + '/graphql';
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new Error(`the gateway at ${url} did not answer (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string }> } | null;
  if (!body) throw new Error(`the gateway at ${url} answered HTTP ${response.status} without JSON`);
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

/** The partner's service configuration, as `node --env-file` and docker-compose read it. */
function envFile(credentials: Credentials, values: Record<string, string | undefined>, pemPath: string): string {
  const endpoint = credentials.partner.endpoint ? new URL(credentials.partner.endpoint) : null;
  const linkageSecret = process.env.LINKAGE_SECRET;
  const lines = [
    `# Coalition Graph partner service: ${credentials.partner.name} (${credentials.partner.id})`,
    `# Written ${new Date().toISOString()} for key ${credentials.keyId}. Keep it secret: REGISTRY_KEY signs this partner's identity resolution.`,
    `PARTNER_ID=${credentials.partner.id}`,
    `PARTNER_NAME="${credentials.partner.name.replace(/["\\]/g, '')}"`,
    values['database-url'] ? `DATABASE_URL=${values['database-url']}` : `# DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE   (set: your own database)`,
    `PORT=${endpoint?.port || '4100'}`,
    `GATEWAY_PUBLIC_KEY=${pemPath}`,
    values['registry-url'] || process.env.REGISTRY_URL
      ? `REGISTRY_URL=${values['registry-url'] ?? process.env.REGISTRY_URL}`
      : `# REGISTRY_URL=http://REGISTRY-HOST:4001/graphql   (set: the registry as this service reaches it)`,
    `REGISTRY_KEY=${credentials.registryKey}`,
    linkageSecret
      ? `LINKAGE_SECRET=${linkageSecret}`
      : `# LINKAGE_SECRET=   (set: the coalition's linkage secret, given to partners by the backbone, never to the registry)`,
    '',
  ];
  return lines.join('\n');
}

function writeCredentials(credentials: Credentials, values: Record<string, string | undefined>): string {
  const dir = resolve(values.out ?? `partner-${credentials.partner.id}`);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pemPath = join(dir, 'gateway-public.pem');
  if (credentials.gatewayPublicKey) writeFileSync(pemPath, credentials.gatewayPublicKey);
  const envPath = join(dir, 'partner.env');
  writeFileSync(envPath, envFile(credentials, values, pemPath), { mode: 0o600 });
  chmodSync(envPath, 0o600);
  return envPath;
}

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'program-type': { type: 'string' },
  endpoint: { type: 'string' },
  out: { type: 'string' },
  'overlap-hours': { type: 'string' },
  reason: { type: 'string' },
  gateway: { type: 'string', default: 'http://127.0.0.1:4000' },
  'registry-url': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** One command: the gateway, the admin's token, the partner's id and the other options given. */
type Command = (gateway: string, token: string, id: string, values: Record<string, string | undefined>) => Promise<void>;

const add: Command = async (gateway, token, id, values) => {
  const input = { id, name: required(values, 'name'), programType: required(values, 'program-type'), endpoint: values.endpoint ?? null };
  const { registerPartner } = await ask<{ registerPartner: Credentials }>(
    gateway,
    token,
    `mutation Register($input: RegisterPartnerInput!) { registerPartner(input: $input) { ${CREDENTIALS} } }`,
    { input },
  );
  const envPath = writeCredentials(registerPartner, values);
  console.log(`registered ${registerPartner.partner.id} (${registerPartner.partner.status}), key ${registerPartner.keyId}`);
  console.log(`wrote ${envPath}: complete any line marked "set", then start the service with: node --env-file=${envPath} subgraphs/partner/dist/main.js`);
};

const rotateKey: Command = async (gateway, token, id, values) => {
  const overlap = values['overlap-hours'] === undefined ? 24 : Number(values['overlap-hours']);
  if (!Number.isInteger(overlap) || overlap < 0) throw new UsageError(`--overlap-hours must be a whole number of hours; got "${values['overlap-hours']}"`);
  const { rotatePartnerKey } = await ask<{ rotatePartnerKey: Credentials }>(
    gateway,
    token,
    `mutation Rotate($id: ID!, $hours: Int!) { rotatePartnerKey(id: $id, overlapHours: $hours) { ${CREDENTIALS} } }`,
    { id, hours: overlap },
  );
  const envPath = writeCredentials(rotatePartnerKey, values);
  const until = rotatePartnerKey.previousKeyExpiresAt ? `the old key works until ${rotatePartnerKey.previousKeyExpiresAt}` : 'there was no key to replace';
  console.log(`new key ${rotatePartnerKey.keyId} for ${id}; ${until}. Wrote ${envPath}: restart the partner's service with it.`);
};

/** suspend, reactivate, retire: a status change with its reason (reactivate also takes --endpoint). */
const statusChange =
  (field: string): Command =>
  async (gateway, token, id, values) => {
    const moves = field === 'reactivatePartner' && values.endpoint !== undefined;
    const result = await ask<Record<string, { id: string; status: string }>>(
      gateway,
      token,
      moves
        ? `mutation Change($id: ID!, $reason: String!, $endpoint: String) { ${field}(id: $id, reason: $reason, endpoint: $endpoint) { ${PARTNER} } }`
        : `mutation Change($id: ID!, $reason: String!) { ${field}(id: $id, reason: $reason) { ${PARTNER} } }`,
      { id, reason: required(values, 'reason'), ...(moves ? { endpoint: values.endpoint } : {}) },
    );
    console.log(`${id} is now ${result[field].status}`);
  };

const history: Command = async (gateway, token, id) => {
  const { partner } = await ask<{ partner: { status: string; changes: Array<{ action: string; actor: string; reason: string | null; at: string }> } }>(
    gateway,
    token,
    'query History($id: ID!) { partner(id: $id) { status changes { action actor reason at } } }',
    { id },
  );
  console.log(`${id}: ${partner.status}`);
  for (const c of partner.changes) console.log(`  ${c.at}  ${c.action.padEnd(12)} by ${c.actor}${c.reason ? `: ${c.reason}` : ''}`);
};

const COMMANDS: Record<string, Command> = {
  add,
  'rotate-key': rotateKey,
  suspend: statusChange('suspendPartner'),
  reactivate: statusChange('reactivatePartner'),
  retire: statusChange('retirePartner'),
  history,
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command] = positionals;
  const { help, ...text } = values;
  if (help || !command) {
    console.log(USAGE);
    return help ? 0 : 2;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UsageError(`unknown command "${command}"`);
  const token = process.env.COALITION_TOKEN;
  if (!token) throw new UsageError("COALITION_TOKEN is not set: an admin's token (the demo's: npm run tokens)");
  await run(values.gateway!, token, required(text, 'id'), text);
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`partner: ${error.message}${usage ? `\n${USAGE}` : ''}`);
    process.exit(usage ? 2 : 1);
  });
