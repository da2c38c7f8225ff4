import type { DataSource } from 'typeorm';
import type { RegistryServices } from '@coalition/registry';
import { encodePopulation, evaluateLinkage, generateFakerPopulation, resolveEncoded } from '@coalition/demo';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity } from '@coalition/shared/linkage';
import { startTestRegistry, type TestRegistry } from '../support/registry';

const SECRET = 'integration-test-linkage-secret-0123456789';
const PARTNERS = ['alpha', 'bravo', 'charlie', 'delta'];
const who = { actor: 'analyst.ng', reason: 'first estimate after the spring intake' };

describe("linkage weights estimated from the registry's own records (real PostgreSQL)", () => {
  let registry: TestRegistry;
  let dataSource: DataSource;
  let services: RegistryServices;

  beforeAll(async () => {
    registry = await startTestRegistry('linkage_weights', PARTNERS);
    ({ dataSource, services } = registry);
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('refuses to estimate from a registry too small to learn from, naming why, and keeps nothing', async () => {
    await expect(services.weights.estimate(who)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('too few linked records') });
    expect(await services.weights.list()).toEqual([]);
  });

  it('estimates m and u by blocking pass, keeps the hand-set weights until activated, and links as well with its own', async () => {
    const records = generateFakerPopulation({ people: 3000, seed: 424242, partners: PARTNERS });
    const encodings = encodePopulation(records, SECRET);
    const half = records.findIndex((r) => r.partnerId === 'charlie');
    await resolveEncoded(services.linkage, records.slice(0, half), encodings.slice(0, half), 500);

    await expect(services.weights.estimate({ ...who, reason: ' ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'reason' } });
    const set = await services.weights.estimate(who);
    expect(set).toMatchObject({ active: false, estimatedBy: 'analyst.ng' });
    const e = set.estimate;
    expect(e.passes.map((p) => p.name)).toEqual(['dob', 'names']);
    expect(e.globalPriorLogOdds).toBeLessThan(-10);
    // Agreement is evidence for, disagreement against, as it must be whatever the population.
    for (const [field, agree, differ] of [
      ['first', 'EXACT', 'DIFFERENT'],
      ['last', 'EXACT', 'DIFFERENT'],
      ['dob', 'EXACT', 'DIFFERENT'],
      ['ssn4', 'AGREE', 'DISAGREE'],
    ] as const) {
      const w = e.weights[field] as Record<string, number>;
      expect({ field, agree: w[agree] > 3, differ: w[differ] < 0 }).toEqual({ field, agree: true, differ: true });
      expect((e.m[field] as Record<string, number>)[agree]).toBeGreaterThan((e.u[field] as Record<string, number>)[agree]);
    }
    // Not in use yet: the next records are still scored with the hand-set weights.
    const keys = deriveLinkageKeys(SECRET);
    const person = { firstName: 'Quillon', lastName: 'Ashbury', birthDate: '1977-08-19', sex: 'MALE' as const, phone: '6145550143' };
    await services.linkage.resolve('alpha', [{ localId: 'qa-1', encoding: encodeIdentity(normalizeIdentity(person, '2026-11-23'), keys) }]);
    const [hand] = await services.linkage.resolve('bravo', [
      { localId: 'qa-2', encoding: encodeIdentity(normalizeIdentity({ ...person, lastName: 'Ashbery' }, '2026-11-23'), keys) },
    ]);
    expect(hand.evidence?.weights).toBe('HAND');

    await services.weights.activate(set.id, { actor: 'analyst.ng' });
    const rest = await resolveEncoded(services.linkage, records.slice(half), encodings.slice(half), 500);
    expect([...rest.values()].find((o) => o.evidence)?.evidence?.weights).toBe(`ESTIMATE-${set.id}`);
    const [active] = await services.weights.list();
    expect(active).toMatchObject({ id: set.id, active: true, activatedBy: 'analyst.ng' });

    // Accuracy over everything, the second half linked with the estimate.
    const all = new Map([...(await resolveEncoded(services.linkage, records.slice(0, half), encodings.slice(0, half), 500)), ...rest]);
    const first = await dataSource.query(`SELECT partner_id, local_id, gsid FROM stakeholder_link`);
    const gsidOf = new Map(first.map((r: { partner_id: string; local_id: string; gsid: string }) => [`${r.partner_id}/${r.local_id}`, r.gsid]));
    for (const [key, outcome] of all) if (outcome.decision === 'EXISTING') all.set(key, { ...outcome, gsid: gsidOf.get(key) as string });
    const accuracy = evaluateLinkage(records, all);
    expect(accuracy.autoLink.precision).toBeGreaterThanOrEqual(0.995);
    expect(accuracy.autoPlusReview.recall).toBeGreaterThanOrEqual(0.97);

    // Back to the hand-set weights; an unknown id is refused by name.
    expect(await services.weights.activate(null, { actor: 'analyst.ng' })).toBeNull();
    expect((await services.weights.list()).some((s) => s.active)).toBe(false);
    await expect(services.weights.activate('999999', { actor: 'analyst.ng' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(services.weights.activate('x1', { actor: 'analyst.ng' })).rejects.toMatchObject({ details: { field: 'id' } });
  });
});
