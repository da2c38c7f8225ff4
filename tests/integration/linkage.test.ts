import type { DataSource } from 'typeorm';
import { createRegistryDataSource, createRegistryServices, MAX_RESOLVE_BATCH, type RegistryServices } from '@coalition/registry';
import { encodePopulation, evaluateLinkage, generateLinkagePopulation, resolveEncoded } from '@coalition/demo';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput } from '@coalition/shared/linkage';
import { createTestDatabase } from '../support/database';

const SECRET = 'integration-test-linkage-secret-0123456789';
const PARTNERS = ['alpha', 'bravo', 'charlie', 'delta'];
const keys = deriveLinkageKeys(SECRET);
const encode = (identity: IdentityInput) => encodeIdentity(normalizeIdentity(identity, '2026-11-23'), keys);

describe('registry linkage (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let services: RegistryServices;

  beforeAll(async () => {
    db = await createTestDatabase('linkage');
    dataSource = createRegistryDataSource(db.url);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    services = createRegistryServices(dataSource);
    for (const id of PARTNERS) await services.partners.upsert({ id, name: id, programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('links a labelled population with auto-link precision of at least 99% and review recall of at least 97%', async () => {
    const records = generateLinkagePopulation({ people: 3000, seed: 20261123, partners: PARTNERS });
    const outcomes = await resolveEncoded(services.linkage, records, encodePopulation(records, SECRET), 500);
    const accuracy = evaluateLinkage(records, outcomes);
    expect(accuracy.records).toBe(records.length);
    expect(accuracy.autoLink.truePairs).toBeGreaterThan(1000);
    expect(accuracy.autoLink.precision).toBeGreaterThanOrEqual(0.99);
    expect(accuracy.autoPlusReview.recall).toBeGreaterThanOrEqual(0.97);
    // Every group is linked about as well as the whole: no group falls far behind.
    for (const group of Object.values({ ...accuracy.bySex, ...accuracy.byRaceGroup })) {
      expect(group.autoLink.precision).toBeGreaterThanOrEqual(0.98);
      expect(group.autoPlusReview.recall).toBeGreaterThanOrEqual(0.95);
    }
    // Resolving the same records again changes no GSID.
    const again = await resolveEncoded(services.linkage, records.slice(0, 800), encodePopulation(records.slice(0, 800), SECRET), 400);
    for (const [key, outcome] of again) {
      expect(outcome.decision).toBe('EXISTING');
      expect(outcome.gsid).toBe(outcomes.get(key)!.gsid);
    }
  });

  it('links duplicates inside one batch, and keeps a second batch of one partner atomic', async () => {
    const person = { firstName: 'Odalys', lastName: 'Quintanilla', birthDate: '1979-10-02', sex: 'FEMALE' as const };
    const [a, b] = await services.linkage.resolve('alpha', [
      { localId: 'dup-1', encoding: encode(person) },
      { localId: 'dup-2', encoding: encode({ ...person, lastName: 'Quintanila' }) },
    ]);
    expect(b.gsid).toBe(a.gsid);
    expect(b.decision).toBe('AUTO_LINK');

    const before = await dataSource.query('SELECT count(*)::int AS n FROM stakeholder_link');
    await expect(services.linkage.resolve('bravo', [
      { localId: 'ok-1', encoding: encode(person) },
      { localId: 'bad-1', encoding: { ...encode(person), last: 'QUINTANILLA' } },
    ])).rejects.toThrow('records[1].encoding.last');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM stakeholder_link')).toEqual(before);
  });

  it('refuses bad batches with the field named', async () => {
    const encoding = encode({ firstName: 'Ari', lastName: 'Lund', birthDate: '1990-01-01' });
    await expect(services.linkage.resolve('alpha', [{ localId: 'x', encoding }, { localId: 'x', encoding }])).rejects.toThrow('records[1].localId');
    await expect(services.linkage.resolve('nobody', [{ localId: 'x', encoding }])).rejects.toThrow("Unknown partner 'nobody'");
    await expect(services.linkage.resolve('alpha', [{ localId: 'x', encoding: { ...encoding, scheme: 'v0' } }])).rejects.toThrow('records[0].encoding.scheme');
    const tooMany = Array.from({ length: MAX_RESOLVE_BATCH + 1 }, (_, i) => ({ localId: `x${i}`, encoding }));
    await expect(services.linkage.resolve('alpha', tooMany)).rejects.toThrow(`at most ${MAX_RESOLVE_BATCH}`);
  });
});
