import { normalizeIdentity } from '@coalition/shared/linkage';
import { CORRUPTIONS, type FakerLabelledRecord, generateFakerPopulation, RELATIONS } from './population-faker';

const PARTNERS = ['alpha', 'bravo', 'charlie', 'delta'] as const;
const population = generateFakerPopulation({ people: 5000, seed: 20261123, partners: PARTNERS });

function byPerson(records: readonly FakerLabelledRecord[]): Map<number, FakerLabelledRecord[]> {
  const people = new Map<number, FakerLabelledRecord[]>();
  for (const record of records) people.set(record.personId, [...(people.get(record.personId) ?? []), record]);
  return people;
}

// Missing identifiers leave the names and the birth date as the person gave them.
const trueToPerson = (record: FakerLabelledRecord) => record.corruptions.every((c) => c === 'MISSING_IDENTIFIERS');
const withoutSuffix = (name: string) => name.replace(/,? (Jr\.?|Sr|II)$/, '');

describe('generateFakerPopulation', () => {
  it('is deterministic from the seed', () => {
    const options = { people: 800, seed: 5, partners: PARTNERS };
    expect(generateFakerPopulation(options)).toEqual(generateFakerPopulation(options));
    expect(generateFakerPopulation({ ...options, seed: 6 })).not.toEqual(generateFakerPopulation(options));
  });

  it('makes the people asked for, about the overlap share at two or more partners', () => {
    const people = byPerson(population);
    expect(people.size).toBe(5000);
    const counts = [...people.values()].map((records) => records.length);
    expect(Math.abs(counts.filter((n) => n >= 2).length / 5000 - 0.3)).toBeLessThan(0.03);
    const atThree = counts.filter((n) => n === 3).length / counts.filter((n) => n >= 2).length;
    expect(Math.abs(atThree - 0.2)).toBeLessThan(0.05);
    expect(Math.max(...counts)).toBe(3);
    for (const records of people.values()) expect(new Set(records.map((r) => r.partnerId)).size).toBe(records.length);

    const wide = byPerson(generateFakerPopulation({ people: 3000, seed: 9, partners: PARTNERS, overlap: 0.6 }));
    expect(Math.abs([...wide.values()].filter((r) => r.length >= 2).length / 3000 - 0.6)).toBeLessThan(0.04);
    const alone = generateFakerPopulation({ people: 300, seed: 9, partners: ['solo'] });
    expect(alone).toHaveLength(300);
  });

  it('lists records partner by partner with local ids unique per partner', () => {
    const order = population.map((r) => PARTNERS.indexOf(r.partnerId as (typeof PARTNERS)[number]));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index >= order[i - 1]))).toBe(true);
    for (const partner of PARTNERS) {
      const ids = population.filter((r) => r.partnerId === partner).map((r) => r.localId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('gives only records that normalize', () => {
    const failures: string[] = [];
    for (const record of population) {
      try {
        normalizeIdentity(record.identity, '2026-11-23');
      } catch (error) {
        failures.push(`${record.partnerId}/${record.localId}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has every relation, every corruption and at least eight locale groups', () => {
    const relations = new Set(population.map((r) => r.relation).filter(Boolean));
    expect([...relations].sort()).toEqual([...RELATIONS].sort());
    const corruptions = new Set(population.flatMap((r) => r.corruptions));
    expect([...corruptions].sort()).toEqual([...CORRUPTIONS].sort());
    expect(new Set(population.map((r) => r.raceGroup)).size).toBeGreaterThanOrEqual(8);
  });

  it('keeps the first record of each person free of corruption other than missing identifiers', () => {
    for (const records of byPerson(population).values()) expect(records.some(trueToPerson)).toBe(true);
  });

  it('makes twins two people with one surname, birth date and phone', () => {
    const people = byPerson(population);
    const twins = population.filter((r) => r.relation?.startsWith('TWIN_'));
    expect(new Set(twins.map((r) => r.personId)).size).toBeGreaterThanOrEqual(140);
    for (const record of twins) {
      expect(record.relatedPersonIds).toHaveLength(1);
      const twinId = record.relatedPersonIds![0];
      expect(twinId).not.toBe(record.personId);
      const twin = people.get(twinId)!;
      expect(twin[0].relation).toBe(record.relation);
      const sameSex = twin[0].sex === record.sex;
      expect(sameSex).toBe(record.relation === 'TWIN_SAME_SEX_SHARED_PHONE');
      if (!trueToPerson(record)) continue;
      for (const other of twin.filter(trueToPerson)) {
        expect(other.identity.lastName).toBe(record.identity.lastName);
        expect(other.identity.birthDate).toBe(record.identity.birthDate);
        expect(other.identity.firstName).not.toBe(record.identity.firstName);
        if (other.identity.phone && record.identity.phone) expect(other.identity.phone).toBe(record.identity.phone);
      }
    }
  });

  it('makes fathers and sons with one name and phone, 18 to 40 years apart', () => {
    const people = byPerson(population);
    const pairs = population.filter((r) => r.relation === 'FATHER_SON_JR_SR' && trueToPerson(r));
    expect(pairs.some((r) => /Jr\.?$|II$/.test(r.identity.lastName))).toBe(true);
    for (const record of pairs) {
      for (const other of people.get(record.relatedPersonIds![0])!.filter(trueToPerson)) {
        expect(other.identity.firstName).toBe(record.identity.firstName);
        expect(withoutSuffix(other.identity.lastName)).toBe(withoutSuffix(record.identity.lastName));
        if (other.identity.phone && record.identity.phone) expect(other.identity.phone).toBe(record.identity.phone);
        const years = Math.abs(Number(other.identity.birthDate.slice(0, 4)) - Number(record.identity.birthDate.slice(0, 4)));
        expect(years).toBeGreaterThanOrEqual(18);
        expect(years).toBeLessThanOrEqual(40);
      }
    }
  });

  it('makes common-name clusters of different people born on different days', () => {
    const people = byPerson(population);
    for (const record of population.filter((r) => r.relation === 'COMMON_NAME' && trueToPerson(r))) {
      expect(record.relatedPersonIds!.length).toBeGreaterThanOrEqual(1);
      for (const id of record.relatedPersonIds!) {
        expect(id).not.toBe(record.personId);
        for (const other of people.get(id)!.filter(trueToPerson)) {
          expect([other.identity.firstName, other.identity.lastName]).toEqual([record.identity.firstName, record.identity.lastName]);
          expect(other.identity.birthDate).not.toBe(record.identity.birthDate);
        }
      }
    }
  });
});
