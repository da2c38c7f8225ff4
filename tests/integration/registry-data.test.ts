import type { DataSource } from 'typeorm';
import { createRegistryDataSource, createRegistryServices, type RegistryServices } from '@coalition/registry';
import { gsidFromBytes, parseIndicatorSpec, parsePrePostSpec, seededRandom } from '@coalition/shared';
import { createTestDatabase } from '../support/database';

describe('registry data layer (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let services: RegistryServices;
  const random = seededRandom(3);
  const gsid = () => gsidFromBytes(random.bytes(7));

  beforeAll(async () => {
    db = await createTestDatabase('registry');
    dataSource = createRegistryDataSource(db.url);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    services = createRegistryServices(dataSource);
    await services.partners.upsert({ id: 'alpha', name: 'Alpha', programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('ships the demo indicator catalogue and pathway stages as data', async () => {
    const codes = (await services.indicators.list()).map((i) => `${i.code}@${i.version}`);
    expect(codes).toEqual([
      'COMPLETION@2',
      'CONFIDENCE_GAIN@1',
      'CRED_1Y@2',
      'EARN_PRE@2',
      'EARN_Q2@2',
      'EMP_Q2@2',
      'EMP_Q4@2',
      'EXITERS@1',
      'MSG@2',
      'WAGE_GAIN@2',
    ]);
    expect((await services.pathways.stages()).map((s) => s.code)).toEqual(['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M']);
  });

  it('every computable definition passes the checks partners apply before compiling it', async () => {
    const computable = (await services.indicators.list()).filter((i) => 'count' in i.definition);
    expect(computable.map((i) => i.code)).toEqual(['COMPLETION', 'CRED_1Y', 'EARN_PRE', 'EARN_Q2', 'EMP_Q2', 'EMP_Q4', 'EXITERS', 'MSG']);
    for (const indicator of computable) expect(() => parseIndicatorSpec(indicator.definition, indicator.kind)).not.toThrow();
  });

  it('ships pathway definitions, versioned and immutable, and pre/post indicators partners can check', async () => {
    expect((await services.pathways.list()).map((p) => [p.code, p.version, p.stages])).toEqual([
      ['PLACEMENT_RETENTION', 1, ['INTAKE', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M']],
      ['WORKFORCE', 1, ['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M']],
    ]);
    await expect(dataSource.query(`UPDATE pathway_definition SET stages = ARRAY['INTAKE','PLACEMENT'] WHERE code = 'WORKFORCE'`)).rejects.toThrow(/immutable/);
    await expect(
      dataSource.query(
        `INSERT INTO pathway_definition (code, version, name, description, stages, published_on) VALUES ('BAD', 1, 'x', 'x', ARRAY['INTAKE'], now())`,
      ),
    ).rejects.toThrow(/check/);
    await dataSource.query(
      `INSERT INTO pathway_definition (code, version, name, description, stages, published_on) VALUES ('WORKFORCE', 2, 'Training to placement', 'x', ARRAY['INTAKE','TRAINING','PLACEMENT'], now())`,
    );
    try {
      expect((await services.pathways.get('WORKFORCE')).version).toBe(2);
      expect((await services.pathways.get('WORKFORCE', 1)).stages).toHaveLength(6);
    } finally {
      await dataSource.query(`ALTER TABLE pathway_definition DISABLE TRIGGER pathway_definition_no_update`);
      await dataSource.query(`DELETE FROM pathway_definition WHERE code = 'WORKFORCE' AND version = 2`);
      await dataSource.query(`ALTER TABLE pathway_definition ENABLE TRIGGER pathway_definition_no_update`);
    }
    await expect(services.pathways.get('WORKFORCE', 9)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(services.pathways.get('workforce')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'code' } });
    const prePost = (await services.indicators.list()).filter((i) => 'prePost' in i.definition);
    expect(prePost.map((i) => i.code)).toEqual(['CONFIDENCE_GAIN', 'WAGE_GAIN']);
    for (const indicator of prePost) expect(parsePrePostSpec(indicator.definition).before.code).toMatch(/^(EARN_PRE|CONFIDENCE)$/);
  });

  it('never edits a definition in place; a new version is a new row and becomes the latest', async () => {
    await expect(dataSource.query(`UPDATE indicator_definition SET name = 'changed' WHERE code = 'EMP_Q2'`)).rejects.toThrow(/immutable/);
    await dataSource.query(
      `INSERT INTO indicator_definition (code, version, name, description, kind, unit, value_type, definition, published_on)
       SELECT code, 3, name, description || ' (v3)', kind, unit, value_type, definition, DATE '2027-07-01' FROM indicator_definition WHERE code = 'EMP_Q2' AND version = 2`,
    );
    expect((await services.indicators.get('EMP_Q2')).version).toBe(3);
    expect((await services.indicators.get('EMP_Q2', 2)).description).not.toMatch(/v3/);
    expect((await services.indicators.list('EMP_Q2')).map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('names the bad input: unknown and malformed indicator codes, versions', async () => {
    await expect(services.indicators.get('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { indicatorCode: 'NOPE' } });
    await expect(services.indicators.get('emp q2')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'code' } });
    await expect(services.indicators.get('EMP_Q2', 9)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(services.indicators.get('EMP_Q2', 0)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'version' } });
  });

  it('records links idempotently, all or nothing', async () => {
    const a = gsid();
    await services.stakeholders.recordLinks([{ gsid: a, partnerId: 'alpha', localId: 'A1', method: 'MANUAL' }]);
    await services.stakeholders.recordLinks([{ gsid: a, partnerId: 'alpha', localId: 'A1', method: 'MANUAL' }]);
    expect(await services.stakeholders.linksOf([a])).toHaveLength(1);

    const b = gsid();
    await expect(
      services.stakeholders.recordLinks([
        { gsid: b, partnerId: 'alpha', localId: 'B1', method: 'MANUAL' },
        { gsid: b, partnerId: 'no-such-partner', localId: 'B2', method: 'MANUAL' },
      ]),
    ).rejects.toThrow();
    await expect(services.stakeholders.get(b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves a merged GSID to the survivor and rejects a malformed one', async () => {
    const survivor = gsid();
    const merged = gsid();
    await services.stakeholders.recordLinks([
      { gsid: survivor, partnerId: 'alpha', localId: 'S1', method: 'MANUAL' },
      { gsid: merged, partnerId: 'alpha', localId: 'S2', method: 'MANUAL' },
    ]);
    await dataSource.query('UPDATE stakeholder SET merged_into = $1 WHERE gsid = $2', [survivor, merged]);
    expect((await services.stakeholders.get(merged)).gsid).toBe(survivor);
    await expect(services.stakeholders.get('gs_123')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'gsid' } });
    await expect(services.stakeholders.get(gsid())).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The batch lookup answers the same, each GSID in its own position.
    const [a, b, c, d] = await services.stakeholders.getMany([merged, 'gs_123', survivor, gsid()]);
    expect((a as { gsid: string }).gsid).toBe(survivor);
    expect(b).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'gsid' } });
    expect((c as { gsid: string }).gsid).toBe(survivor);
    expect(d).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates partners before writing', async () => {
    await expect(services.partners.upsert({ id: 'Bad Id', name: 'x', programType: 'TRAINING', endpoint: null, status: 'ACTIVE' })).rejects.toMatchObject({
      details: { field: 'id' },
    });
    await expect(services.partners.upsert({ id: 'beta', name: 'x', programType: 'TRAINING', endpoint: 'ftp://x', status: 'ACTIVE' })).rejects.toMatchObject({
      details: { field: 'endpoint' },
    });
    await expect(services.partners.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { partnerId: 'nope' } });
  });

  it('lists people shared between partners by survivor, and moves the linkage version only when links or merges change', async () => {
    for (const id of ['gamma', 'delta']) await services.partners.upsert({ id, name: id, programType: 'PLACEMENT', endpoint: null, status: 'ACTIVE' });
    const [both, gammaOnly, deltaOnly, old, current] = [gsid(), gsid(), gsid(), gsid(), gsid()];
    const v0 = BigInt(await services.stakeholders.linkageVersion());
    await services.stakeholders.recordLinks([
      { gsid: both, partnerId: 'gamma', localId: 'G1', method: 'SEED_GROUND_TRUTH' },
      { gsid: both, partnerId: 'delta', localId: 'D1', method: 'SEED_GROUND_TRUTH' },
      { gsid: gammaOnly, partnerId: 'gamma', localId: 'G2', method: 'SEED_GROUND_TRUTH' },
      { gsid: deltaOnly, partnerId: 'delta', localId: 'D2', method: 'SEED_GROUND_TRUTH' },
      { gsid: current, partnerId: 'delta', localId: 'D3', method: 'SEED_GROUND_TRUTH' },
    ]);
    const v1 = BigInt(await services.stakeholders.linkageVersion());
    expect(v1).toBeGreaterThan(v0);
    let shared = await services.stakeholders.shared(['gamma', 'delta']);
    expect(shared.version).toBe(String(v1));
    expect(shared.people.map((p) => [p.gsid, p.members.map((m) => `${m.partnerId}:${m.gsid}`)])).toEqual([[both, [`delta:${both}`, `gamma:${both}`]]]);
    // Reading changes nothing.
    expect(await services.stakeholders.linkageVersion()).toBe(String(v1));

    // A merge through review makes two people one: now shared, and the version moves.
    await services.review.merge(gammaOnly, deltaOnly, { actor: 'test analyst', reason: 'same person' });
    const v2 = BigInt(await services.stakeholders.linkageVersion());
    expect(v2).toBeGreaterThan(v1);
    // A link still held under a merged GSID (older data) is grouped under its survivor through the chain.
    await dataSource.query('INSERT INTO stakeholder (gsid, merged_into) VALUES ($1, $2)', [old, current]);
    await dataSource.query(`INSERT INTO stakeholder_link (gsid, partner_id, local_id, method) VALUES ($1, 'gamma', 'G3', 'SEED_GROUND_TRUTH')`, [old]);
    shared = await services.stakeholders.shared(['gamma', 'delta']);
    expect(BigInt(shared.version)).toBeGreaterThan(v2);
    const byGsid = new Map(shared.people.map((p) => [p.gsid, p.members.map((m) => `${m.partnerId}:${m.gsid}`).sort()]));
    // Each partner is asked about every GSID of the person: its own copy may still hold a merged one.
    expect(byGsid.get(gammaOnly)).toEqual([`delta:${deltaOnly}`, `delta:${gammaOnly}`, `gamma:${deltaOnly}`, `gamma:${gammaOnly}`].sort());
    expect(byGsid.get(current)).toEqual([`delta:${current}`, `delta:${old}`, `gamma:${current}`, `gamma:${old}`].sort());
    expect(byGsid.size).toBe(3);
    // Only the named partners count.
    expect((await services.stakeholders.shared(['gamma'])).people).toEqual([]);
    await expect(services.stakeholders.shared(['Not A Partner'])).rejects.toMatchObject({ details: { field: 'partnerIds' } });
  });
});
