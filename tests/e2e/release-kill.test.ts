import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { databaseUrl } from '@coalition/demo';
import { graphql, tokens } from '../support/graphql';
import { dropDatabasesWithPrefix, testServerUrl, uniquePrefix } from '../support/database';

const APPROVE = `mutation { approveRelease(period: { programYear: 2024 }) { id status } }`;

/** Starts the coalition in a child process and waits for its URLs. */
async function startChild(prefix: string): Promise<{ child: ChildProcess; gateway: string; partners: string[] }> {
  const child = spawn(process.execPath, [join(__dirname, '../support/coalition-child.js')], {
    env: { ...process.env, CG_CHILD_ADMIN_URL: testServerUrl(), CG_CHILD_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await Promise.race([
    (async () => {
      for await (const first of createInterface({ input: child.stdout! })) return [first];
      throw new Error('the coalition process ended before it was up');
    })(),
    new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the coalition process exited with ${code}`)))),
  ]);
  return { child, ...JSON.parse(line) };
}

describe('a gateway killed in the middle of an approval publishes nothing', () => {
  const prefix = uniquePrefix('release_kill');
  let child: ChildProcess | undefined;
  const clients: Client[] = [];

  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await dropDatabasesWithPrefix(prefix);
  });

  async function connect(name: string): Promise<Client> {
    const client = new Client({ connectionString: databaseUrl(testServerUrl(), `${prefix}_${name.replace(/-/g, '_')}`) });
    await client.connect();
    clients.push(client);
    return client;
  }

  it('leaves no approved release and no readable chunk after SIGKILL; the pending row is swept by the next approval', async () => {
    const started = await startChild(prefix);
    child = started.child;
    const registry = await connect('registry');
    const partner = await connect(`partner_${started.partners[0]}`);
    // The partner's answers wait behind this lock, so the approval is caught after it began and before it stored anything.
    await partner.query('BEGIN');
    await partner.query('LOCK TABLE outcome IN ACCESS EXCLUSIVE MODE');
    const approval = await graphql(started.gateway, APPROVE, {}, { token: tokens.releaser() });
    expect(approval.errors).toBeUndefined();
    expect(approval.data.approveRelease.status).toBe('RUNNING');
    const pending = await registry.query(`SELECT id, status FROM release`);
    expect(pending.rows).toEqual([{ id: approval.data.approveRelease.id, status: 'PENDING' }]);

    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    await partner.query('ROLLBACK');

    const after = await registry.query(`SELECT status, approved_at FROM release`);
    expect(after.rows).toEqual([{ status: 'PENDING', approved_at: null }]);
    const chunks = await registry.query(`SELECT count(*)::int AS n FROM release_chunk`);
    expect(chunks.rows[0].n).toBe(0);

    // Started again on the same databases: nothing of the killed approval is readable, and the
    // next approval (once the pending row is older than the sweep's hour) deletes it.
    const again = await startChild(prefix);
    child = again.child;
    const listed = await graphql(again.gateway, `{ releases { id } }`, {}, { token: tokens.funder() });
    expect(listed.data.releases).toEqual([]);
    await registry.query(`UPDATE release SET created_at = now() - interval '2 hours'`);
    const next = await graphql(again.gateway, APPROVE, {}, { token: tokens.releaser() });
    expect(next.errors).toBeUndefined();
    const rows = await registry.query(`SELECT id FROM release`);
    expect(rows.rows).toEqual([{ id: next.data.approveRelease.id }]);
  });
});
