import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createRegistryDataSource, createRegistryServices, startRegistryServer } from '@coalition/registry';
import { PROOF_HEADER, ProofSigner, generateProofKeys, partnerIssuer } from '@coalition/shared/auth';
import type { RunningServer } from '@coalition/shared/http';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';
import { asGateway, post, tokens, type GraphQLResponse } from '../support/graphql';

const PARTNER = 'northside-training';
const keys = generateProofKeys();
const partnerKey = randomBytes(32).toString('base64url');

const RELEASE_FIELDS = `id periodLabel period status note approvedBy createdAt approvedAt versionVector coverage forced figureCount sizeBytes sha256 supersedes supersededBy`;
const BEGIN = `mutation ($periodLabel: String!, $note: String) {
  beginRelease(periodLabel: $periodLabel, period: { kind: "PROGRAM_YEAR", year: 2024 }, note: $note, approvedBy: "analyst-1",
    versionVector: { registry: "7", northside: "3" }, coverage: { partners: 3, answered: 3 }, forced: false) { ${RELEASE_FIELDS} }
}`;
const APPEND = `mutation ($releaseId: ID!, $seq: Int!, $data: String!) { appendReleaseChunk(releaseId: $releaseId, seq: $seq, data: $data) }`;
const COMMIT = `mutation ($releaseId: ID!, $chunks: Int!, $sha256: String!, $figureCount: Int!) {
  commitRelease(releaseId: $releaseId, chunks: $chunks, sha256: $sha256, figureCount: $figureCount) { ${RELEASE_FIELDS} }
}`;
const LIST = `query ($periodLabel: String) { storedReleases(periodLabel: $periodLabel) { ${RELEASE_FIELDS} } }`;
const ONE = `query ($id: ID!) { storedRelease(id: $id) { ${RELEASE_FIELDS} } }`;
const CHUNKS = `query ($releaseId: ID!, $from: Int!, $count: Int!) { releaseChunks(releaseId: $releaseId, from: $from, count: $count) }`;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Waits until `count` sessions of the database wait for a lock (asked outside any transaction, whose statistics would stand still). */
async function waitForBlockedSessions(db: DataSource, count: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (row.n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} sessions never waited for a lock`);
}

describe("the registry's release store, as the gateway's analytics service calls it (real PostgreSQL, HTTP)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let server: RunningServer;
  /** The internal protocol: signed by the gateway as its analytics service, for no user. */
  const analytics = <T = any>(query: string, variables?: Record<string, unknown>) =>
    asGateway<T>(server.url, 'registry', keys.privateKey, query, variables, null, 'analytics');
  const data = (answer: GraphQLResponse) => {
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };
  const errorOf = (answer: GraphQLResponse) => {
    expect(answer.errors).toHaveLength(1);
    return answer.errors![0];
  };

  const begin = async (periodLabel: string, note?: string) => data(await analytics(BEGIN, { periodLabel, note })).beginRelease;
  const append = async (releaseId: string, seq: number, bytes: Buffer) =>
    data(await analytics(APPEND, { releaseId, seq, data: bytes.toString('base64') })).appendReleaseChunk;
  const commit = (releaseId: string, chunks: number, hash: string, figureCount = 42) => analytics(COMMIT, { releaseId, chunks, sha256: hash, figureCount });
  /** Every chunk of an approved release, read back in pages of two until a short page. */
  const readBack = async (releaseId: string) => {
    const parts: Buffer[] = [];
    for (let from = 0; ; from += 2) {
      const page: string[] = data(await analytics(CHUNKS, { releaseId, from, count: 2 })).releaseChunks;
      parts.push(...page.map((chunk) => Buffer.from(chunk, 'base64')));
      if (page.length < 2) return Buffer.concat(parts);
    }
  };
  /** A whole release: begun, its chunks appended out of order, committed. */
  const release = async (periodLabel: string, parts: Buffer[], note?: string) => {
    const begun = await begin(periodLabel, note);
    for (const seq of [...parts.keys()].reverse()) await append(begun.id, seq, parts[seq]);
    return data(await commit(begun.id, parts.length, sha256(Buffer.concat(parts)))).commitRelease;
  };
  const visible = async (id: string, periodLabel: string) => ({
    listed: data(await analytics(LIST, { periodLabel })).storedReleases.some((r: { id: string }) => r.id === id),
    one: data(await analytics(ONE, { id })).storedRelease,
    chunks: errorOf(await analytics(CHUNKS, { releaseId: id, from: 0, count: 1 })),
  });

  beforeAll(async () => {
    db = await createTestDatabase('release_store');
    dataSource = createRegistryDataSource(db.url);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    server = await startRegistryServer({ dataSource, gatewayPublicKey: keys.publicKey, partnerKeys: { [PARTNER]: partnerKey }, logError: () => undefined });
  });

  afterAll(async () => {
    await server?.stop();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('stores a release whole: chunks appended out of order (one re-sent) come back byte for byte once committed', async () => {
    const parts = [randomBytes(300_000), randomBytes(200_000), randomBytes(5_000)];
    const begun = await begin('PY2024');
    expect(begun).toMatchObject({ id: expect.stringMatching(/^rel_[0-9a-f]{16}$/), status: 'PENDING', periodLabel: 'PY2024', approvedAt: null, sha256: null });
    expect(await append(begun.id, 2, parts[2])).toBe(true);
    expect(await append(begun.id, 0, randomBytes(10))).toBe(true);
    expect(await append(begun.id, 1, parts[1])).toBe(true);
    // A retry of seq 0 replaces what was sent first.
    expect(await append(begun.id, 0, parts[0])).toBe(true);
    const whole = Buffer.concat(parts);
    const committed = data(await commit(begun.id, 3, sha256(whole).toUpperCase(), 42)).commitRelease;
    expect(committed).toEqual({
      id: begun.id,
      periodLabel: 'PY2024',
      period: { kind: 'PROGRAM_YEAR', year: 2024 },
      status: 'APPROVED',
      note: null,
      approvedBy: 'analyst-1',
      createdAt: begun.createdAt,
      approvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      versionVector: { registry: '7', northside: '3' },
      coverage: { partners: 3, answered: 3 },
      forced: false,
      figureCount: 42,
      sizeBytes: whole.length,
      sha256: sha256(whole),
      supersedes: null,
      supersededBy: null,
    });
    expect(data(await analytics(LIST, { periodLabel: 'PY2024' })).storedReleases).toEqual([committed]);
    expect(data(await analytics(LIST, {})).storedReleases).toEqual([committed]);
    expect(data(await analytics(ONE, { id: begun.id })).storedRelease).toEqual(committed);
    expect((await readBack(begun.id)).equals(whole)).toBe(true);
    expect(data(await analytics(CHUNKS, { releaseId: begun.id, from: 1, count: 16 })).releaseChunks).toEqual(
      [parts[1], parts[2]].map((p) => p.toString('base64')),
    );

    // Approved is final: no more chunks, no second commit, and the database itself refuses edits.
    expect(errorOf(await analytics(APPEND, { releaseId: begun.id, seq: 3, data: 'AAAA' }))).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'releaseId' },
    });
    expect(errorOf(await commit(begun.id, 3, sha256(whole)))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'releaseId' } });
    await expect(dataSource.query(`UPDATE release SET note = 'edited' WHERE id = $1`, [begun.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM release_chunk WHERE release_id = $1`, [begun.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`INSERT INTO release_chunk (release_id, seq, data) VALUES ($1, 3, '\\x00')`, [begun.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM release WHERE id = $1`, [begun.id])).rejects.toThrow(/immutable/);
  });

  it('a PENDING release is invisible to every read, and a commit with a missing chunk or the wrong hash leaves it so', async () => {
    const parts = [randomBytes(1000), randomBytes(1000), randomBytes(10)];
    const begun = await begin('PY2023');
    await append(begun.id, 0, parts[0]);
    await append(begun.id, 2, parts[2]);
    const pending = await visible(begun.id, 'PY2023');
    expect(pending).toMatchObject({ listed: false, one: null, chunks: { extensions: { code: 'NOT_FOUND', releaseId: begun.id } } });

    const missing = errorOf(await commit(begun.id, 3, sha256(Buffer.concat(parts))));
    expect(missing).toMatchObject({ message: expect.stringContaining('missing chunk 1'), extensions: { code: 'BAD_USER_INPUT', field: 'chunks' } });
    await append(begun.id, 1, parts[1]);
    const wrong = errorOf(await commit(begun.id, 3, sha256(Buffer.concat([parts[1], parts[0], parts[2]]))));
    expect(wrong).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sha256' } });
    expect(errorOf(await commit(begun.id, 2, sha256(Buffer.concat(parts))))).toMatchObject({ extensions: { field: 'chunks' } });
    expect(await visible(begun.id, 'PY2023')).toMatchObject({ listed: false, one: null, chunks: { extensions: { code: 'NOT_FOUND' } } });
    expect((await dataSource.query('SELECT status FROM release WHERE id = $1', [begun.id]))[0].status).toBe('PENDING');

    // Fixed, the same release commits.
    expect(data(await commit(begun.id, 3, sha256(Buffer.concat(parts)))).commitRelease.status).toBe('APPROVED');
    expect((await readBack(begun.id)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('names bad input and unknown ids', async () => {
    const begun = await begin('PY2022');
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [BEGIN, { periodLabel: 'PY 2024' }, 'BAD_USER_INPUT', 'periodLabel'],
      [BEGIN, { periodLabel: 'P'.repeat(33) }, 'BAD_USER_INPUT', 'periodLabel'],
      [BEGIN, { periodLabel: 'PY2021', note: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'note'],
      [APPEND, { releaseId: begun.id, seq: -1, data: 'AAAA' }, 'BAD_USER_INPUT', 'seq'],
      [APPEND, { releaseId: begun.id, seq: 0, data: 'not base64!' }, 'BAD_USER_INPUT', 'data'],
      [CHUNKS, { releaseId: begun.id, from: 0, count: 17 }, 'BAD_USER_INPUT', 'count'],
      [COMMIT, { releaseId: begun.id, chunks: 1, sha256: 'abc', figureCount: 1 }, 'BAD_USER_INPUT', 'sha256'],
    ];
    for (const [query, variables, code, field] of cases) {
      expect({ field, error: errorOf(await analytics(query, variables)).extensions }).toEqual({ field, error: expect.objectContaining({ code, field }) });
    }
    const unknown = 'rel_0123456789abcdef';
    expect(errorOf(await analytics(APPEND, { releaseId: unknown, seq: 0, data: 'AAAA' }))).toMatchObject({
      message: expect.stringContaining(unknown),
      extensions: { code: 'NOT_FOUND', releaseId: unknown },
    });
    expect(errorOf(await commit(unknown, 1, sha256(Buffer.alloc(3))))).toMatchObject({ extensions: { code: 'NOT_FOUND', releaseId: unknown } });
    expect(errorOf(await analytics(CHUNKS, { releaseId: 'nope', from: 0, count: 1 }))).toMatchObject({ extensions: { code: 'NOT_FOUND', releaseId: 'nope' } });
    expect(data(await analytics(ONE, { id: unknown })).storedRelease).toBeNull();
    // Over 768 KiB decoded is over the HTTP body limit as base64 too: the service's own check, called directly.
    const oversized = randomBytes(768 * 1024 + 3).toString('base64');
    await expect(createRegistryServices(dataSource).releases.append(begun.id, 0, oversized)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'data' },
    });
  });

  it('a second release of a period needs a note, then supersedes the first; both stay readable, linked both ways', async () => {
    const first = await release('PY2020', [Buffer.from('first release')]);
    const refused = errorOf(await analytics(BEGIN, { periodLabel: 'PY2020' }));
    expect(refused).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'note' } });
    expect(refused.message).toContain(`PY2020 already has release ${first.id}`);
    expect(errorOf(await analytics(BEGIN, { periodLabel: 'PY2020', note: '   ' }))).toMatchObject({ extensions: { field: 'note' } });

    const second = await release('PY2020', [Buffer.from('second '), Buffer.from('release')], 'a partner resubmitted Q4');
    expect(second).toMatchObject({ supersedes: first.id, supersededBy: null, note: 'a partner resubmitted Q4' });
    const listed = data(await analytics(LIST, { periodLabel: 'PY2020' })).storedReleases;
    expect(listed.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
    expect(listed[1]).toEqual({ ...first, supersededBy: second.id });
    expect(data(await analytics(ONE, { id: first.id })).storedRelease.supersededBy).toBe(second.id);
    expect((await readBack(first.id)).toString()).toBe('first release');
    expect((await readBack(second.id)).toString()).toBe('second release');
  });

  it('approvals of one period queue: two committed at once make a chain, and one begun without a note is refused at commit', async () => {
    const first = await release('PY2016', [Buffer.from('v1')]);
    const [b, c] = [await begin('PY2016', 'fix b'), await begin('PY2016', 'fix c')];
    for (const r of [b, c]) await append(r.id, 0, Buffer.from(r.id));
    // Another session holds the first release's row, so both commits are in flight at once: one
    // waits on that row, the other on the period's approval lock (without it, both would read the
    // first release as the latest and one would be refused trying to supersede it too).
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    let committed: any[];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM release WHERE id = $1 FOR UPDATE', [first.id]);
      const commits = Promise.all([b, c].map(async (r) => data(await commit(r.id, 1, sha256(Buffer.from(r.id)))).commitRelease));
      await waitForBlockedSessions(dataSource, 2);
      await holder.query('COMMIT');
      committed = await commits;
    } finally {
      await holder.end();
    }
    const [earlier, later] = committed.sort((x, y) => x.approvedAt.localeCompare(y.approvedAt));
    expect([earlier.supersedes, later.supersedes]).toEqual([first.id, earlier.id]);
    expect(
      data(await analytics(LIST, { periodLabel: 'PY2016' })).storedReleases.map((r: { id: string; supersededBy: string | null }) => [r.id, r.supersededBy]),
    ).toEqual([
      [later.id, null],
      [earlier.id, later.id],
      [first.id, earlier.id],
    ]);

    // Both begun while the period had no release, so neither needed a note; only the first to commit may go without.
    const [d, e] = [await begin('PY2015'), await begin('PY2015')];
    for (const r of [d, e]) await append(r.id, 0, Buffer.from('x'));
    expect(data(await commit(d.id, 1, sha256(Buffer.from('x')))).commitRelease.supersedes).toBeNull();
    expect(errorOf(await commit(e.id, 1, sha256(Buffer.from('x'))))).toMatchObject({
      message: expect.stringContaining(`PY2015 already has release ${d.id}`),
      extensions: { code: 'BAD_USER_INPUT', field: 'note' },
    });
    expect(data(await analytics(ONE, { id: e.id })).storedRelease).toBeNull();
  });

  it('refuses users, a partner-signed proof and a bare user token: the release store is internal to the gateway', async () => {
    const asAnalyst = await asGateway(server.url, 'registry', keys.privateKey, LIST, {}, { subject: 'a', role: 'backbone_analyst' });
    expect(errorOf(asAnalyst)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const asAdmin = await asGateway(server.url, 'registry', keys.privateKey, BEGIN, { periodLabel: 'PY2019' }, { subject: 'a', role: 'admin' });
    expect(errorOf(asAdmin)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const body = JSON.stringify({ query: LIST, variables: {} });
    const proof = new ProofSigner({ algorithm: 'HS256', key: partnerKey }, partnerIssuer(PARTNER)).sign('registry', body, null, 'release-test');
    const byPartner = (await (await post(server.url, body, { token: null, headers: { [PROOF_HEADER]: proof } })).json()) as GraphQLResponse;
    expect(errorOf(byPartner)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const byToken = await post(server.url, body, { token: tokens.backbone() });
    expect(byToken.status).toBe(401);
    expect(await dataSource.query(`SELECT 1 FROM release WHERE period_label = 'PY2019'`)).toEqual([]);
  });

  it('the next beginRelease deletes a PENDING release left over an hour ago (a killed gateway), with its chunks', async () => {
    const stale = await begin('PY2018');
    await append(stale.id, 0, randomBytes(100));
    const recent = await begin('PY2018');
    await dataSource.query(`UPDATE release SET created_at = now() - interval '2 hours' WHERE id = $1`, [stale.id]);
    await begin('PY2017');
    expect((await dataSource.query('SELECT id FROM release WHERE id = ANY($1)', [[stale.id, recent.id]])).map((r: { id: string }) => r.id)).toEqual([
      recent.id,
    ]);
    expect(await dataSource.query('SELECT 1 FROM release_chunk WHERE release_id = $1', [stale.id])).toEqual([]);
    expect(errorOf(await analytics(APPEND, { releaseId: stale.id, seq: 1, data: 'AAAA' }))).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
