import type { DataSource } from 'typeorm';
import { firstNameKey, MAX_RESOLVE_BATCH, nameKey, registryMigrations, type RegistryServices } from '@coalition/registry';
import type { LinkageEncoding } from '@coalition/shared/linkage';
import {
  encodePopulation,
  evaluateHardCases,
  evaluateLinkage,
  generateFakerPopulation,
  generateLinkagePopulation,
  resolveEncoded,
  type AnnotatedRecord,
} from '@coalition/demo';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput } from '@coalition/shared/linkage';
import { startTestRegistry, type TestRegistry } from '../support/registry';

const SECRET = 'integration-test-linkage-secret-0123456789';
const PARTNERS = ['alpha', 'bravo', 'charlie', 'delta'];
const keys = deriveLinkageKeys(SECRET);
const encode = (identity: IdentityInput) => encodeIdentity(normalizeIdentity(identity, '2026-11-23'), keys);

describe('registry linkage (real PostgreSQL)', () => {
  let registry: TestRegistry;
  let dataSource: DataSource;
  let services: RegistryServices;

  beforeAll(async () => {
    registry = await startTestRegistry('linkage', PARTNERS);
    ({ dataSource, services } = registry);
  });

  afterAll(async () => {
    await registry?.close();
  });

  // Two populations from independent generators, name lists and corruption models, so the
  // linker is never tuned to one source: the project's own, and one built on @faker-js/faker.
  const populations = [
    ['the project population', () => generateLinkagePopulation({ people: 3000, seed: 20261123, partners: PARTNERS })],
    ['the faker population', () => generateFakerPopulation({ people: 3000, seed: 20261130, partners: PARTNERS })],
  ] as const;

  it.each(populations)('links %s with auto-link precision of at least 99.5%% and review recall of at least 97%%', async (name, generate) => {
    // The first population goes to this file's registry (later tests build on it); the other to a registry of its own.
    const own = name === populations[0][0] ? null : await startTestRegistry('linkage_faker', PARTNERS);
    const linkage = own ? own.services.linkage : services.linkage;
    try {
      await checkPopulation(linkage, generate());
    } finally {
      await own?.close();
    }
  });

  async function checkPopulation(linkage: RegistryServices['linkage'], records: AnnotatedRecord[]) {
    const outcomes = await resolveEncoded(linkage, records, encodePopulation(records, SECRET), 500);
    const accuracy = evaluateLinkage(records, outcomes);
    expect(accuracy.records).toBe(records.length);
    expect(accuracy.autoLink.truePairs).toBeGreaterThan(1000);
    expect(accuracy.autoLink.precision).toBeGreaterThanOrEqual(0.995);
    expect(accuracy.autoPlusReview.recall).toBeGreaterThanOrEqual(0.97);
    // Every group is linked about as well as the whole: no group falls far behind.
    for (const group of Object.values({ ...accuracy.bySex, ...accuracy.byRaceGroup })) {
      expect(group.autoLink.precision).toBeGreaterThanOrEqual(0.98);
      expect(group.autoPlusReview.recall).toBeGreaterThanOrEqual(0.95);
    }
    // The review queue is work for a person: small, and mostly worth their time.
    const hard = evaluateHardCases(records, outcomes);
    expect(hard.reviewItems).toBe(accuracy.reviewQueue);
    expect(accuracy.reviewQueue / accuracy.records).toBeLessThanOrEqual(0.04);
    expect(hard.reviewTrue / hard.reviewItems).toBeGreaterThanOrEqual(0.5);
    // No twins linked on their own (the faker population has them of both kinds, with similar names).
    for (const [relation, linked] of Object.entries(hard.relatedPairsLinked)) {
      if (relation.startsWith('TWIN')) expect({ relation, autoLinked: linked.autoLinked }).toEqual({ relation, autoLinked: 0 });
    }
    // Resolving the same records again changes no GSID.
    const again = await resolveEncoded(linkage, records.slice(0, 800), encodePopulation(records.slice(0, 800), SECRET), 400);
    for (const [key, outcome] of again) {
      expect(outcome.decision).toBe('EXISTING');
      expect(outcome.gsid).toBe(outcomes.get(key)!.gsid);
    }
  }

  it('links duplicates inside one batch, and keeps a second batch of one partner atomic', async () => {
    const person = { firstName: 'Odalys', lastName: 'Quintanilla', birthDate: '1979-10-02', sex: 'FEMALE' as const };
    const [a, b] = await services.linkage.resolve('alpha', [
      { localId: 'dup-1', encoding: encode(person) },
      { localId: 'dup-2', encoding: encode({ ...person, lastName: 'Quintanila' }) },
    ]);
    expect(b.gsid).toBe(a.gsid);
    expect(b.decision).toBe('AUTO_LINK');

    const before = await dataSource.query('SELECT count(*)::int AS n FROM stakeholder_link');
    await expect(
      services.linkage.resolve('bravo', [
        { localId: 'ok-1', encoding: encode(person) },
        { localId: 'bad-1', encoding: { ...encode(person), last: 'QUINTANILLA' } },
      ]),
    ).rejects.toThrow('records[1].encoding.last');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM stakeholder_link')).toEqual(before);
  });

  it('weighs a full name by how many people carry it: a near birth date links a unique name, only suggests a common one', async () => {
    // Birth dates that agree on year and month only: a typo in the day, or another person.
    // With a phone in common that is enough for a unique name; with nothing else, namesakes born
    // days apart look exactly like it, so a person decides.
    const unique = { firstName: 'Ysolde', lastName: 'Brannigan', sex: 'FEMALE' as const, phone: '614-555-0177' };
    const [first] = await services.linkage.resolve('alpha', [{ localId: 'yb-1', encoding: encode({ ...unique, birthDate: '1984-03-14' }) }]);
    const [near] = await services.linkage.resolve('bravo', [{ localId: 'yb-2', encoding: encode({ ...unique, birthDate: '1984-03-21' }) }]);
    expect(near).toMatchObject({ decision: 'AUTO_LINK', gsid: first.gsid });
    const [unsure] = await services.linkage.resolve('charlie', [{ localId: 'yb-3', encoding: encode({ ...unique, phone: null, birthDate: '1984-03-24' }) }]);
    expect(unsure).toMatchObject({ decision: 'POSSIBLE_MATCH', candidateGsid: first.gsid });

    // Eight different people called Tobiah Marchetti, born years apart.
    const common = { firstName: 'Tobiah', lastName: 'Marchetti', sex: 'MALE' as const };
    const known = await services.linkage.resolve(
      'alpha',
      Array.from({ length: 8 }, (_, i) => ({
        localId: `tm-${i}`,
        encoding: encode({ ...common, birthDate: `${1950 + 5 * i}-0${1 + (i % 9)}-1${i}` }),
      })),
    );
    expect(new Set(known.map((o) => o.gsid)).size).toBe(8);
    expect(known.every((o) => o.decision === 'NEW')).toBe(true);
    const [suggested, exact] = await services.linkage.resolve('bravo', [
      { localId: 'tm-near', encoding: encode({ ...common, birthDate: '1955-02-22' }) },
      { localId: 'tm-exact', encoding: encode({ ...common, birthDate: '1960-03-12' }) },
    ]);
    expect(suggested).toMatchObject({ decision: 'POSSIBLE_MATCH', candidateGsid: known[1].gsid });
    expect(exact).toMatchObject({ decision: 'AUTO_LINK', gsid: known[2].gsid });
  });

  it('backfills the full-name keys of records linked before they existed, equal to the ones resolution writes', async () => {
    const rows: Array<{ link_id: string; encoding: LinkageEncoding }> = await dataSource.query('SELECT link_id, encoding FROM linkage_encoding');
    expect(rows.length).toBeGreaterThan(1000);
    const expected = rows.map((r) => `${r.link_id} ${nameKey(r.encoding)}`).sort();
    const written = async () =>
      (await dataSource.query(`SELECT link_id || ' ' || key AS k FROM linkage_key WHERE key LIKE 'name-pair:%' ORDER BY 1`))
        .map((r: { k: string }) => r.k)
        .sort();
    expect(await written()).toEqual(expected);

    const migration = registryMigrations.find((m) => m.name === 'NamePairKeys1732000000003')!;
    const runner = dataSource.createQueryRunner();
    try {
      await new migration().down(runner);
      expect(await written()).toEqual([]);
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    expect(await written()).toEqual(expected);
  });

  it('backfills the count-only first-name keys of records linked before them, equal to the ones resolution writes, and never looks candidates up by them', async () => {
    const rows: Array<{ link_id: string; encoding: LinkageEncoding }> = await dataSource.query('SELECT link_id, encoding FROM linkage_encoding');
    const expected = rows.map((r) => `${r.link_id} ${firstNameKey(r.encoding)}`).sort();
    const written = async () =>
      (await dataSource.query(`SELECT link_id || ' ' || key AS k FROM linkage_key WHERE key LIKE 'first-name:%'`)).map((r: { k: string }) => r.k).sort();
    expect(await written()).toEqual(expected);
    const migration = registryMigrations.find((m) => m.name === 'FirstNameKeys1732000000013')!;
    const runner = dataSource.createQueryRunner();
    try {
      await new migration().down(runner);
      expect(await written()).toEqual([]);
      await new migration().up(runner);
      await new migration().up(runner); // idempotent: nothing written twice
    } finally {
      await runner.release();
    }
    expect(await written()).toEqual(expected);
    // Two people sharing only a first name and a birth year are never even compared.
    const [a] = await services.linkage.resolve('alpha', [
      { localId: 'fn-1', encoding: encode({ firstName: 'Zebulon', lastName: 'Quartermaine', birthDate: '1961-01-05' }) },
    ]);
    const [b] = await services.linkage.resolve('bravo', [
      { localId: 'fn-2', encoding: encode({ firstName: 'Zebulon', lastName: 'Hightower', birthDate: '1999-11-23' }) },
    ]);
    expect([a.decision, b.decision, b.score]).toEqual(['NEW', 'NEW', null]);
  });

  it('refuses bad batches with the field named', async () => {
    const encoding = encode({ firstName: 'Ari', lastName: 'Lund', birthDate: '1990-01-01' });
    await expect(
      services.linkage.resolve('alpha', [
        { localId: 'x', encoding },
        { localId: 'x', encoding },
      ]),
    ).rejects.toThrow('records[1].localId');
    await expect(services.linkage.resolve('nobody', [{ localId: 'x', encoding }])).rejects.toThrow("Unknown partner 'nobody'");
    await expect(services.linkage.resolve('alpha', [{ localId: 'x', encoding: { ...encoding, scheme: 'v0' } }])).rejects.toThrow('records[0].encoding.scheme');
    const tooMany = Array.from({ length: MAX_RESOLVE_BATCH + 1 }, (_, i) => ({ localId: `x${i}`, encoding }));
    await expect(services.linkage.resolve('alpha', tooMany)).rejects.toThrow(`at most ${MAX_RESOLVE_BATCH}`);
  });
});
