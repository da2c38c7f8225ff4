import { isValidGsid } from '@coalition/shared';
import { assignPeople, benchGsid, partnerRows } from './generate';

describe('the benchmark coalition generator', () => {
  const assignment = assignPeople({ partners: 6, perPartner: 2000, seed: 11 });

  it('gives every partner exactly N records and about a fifth of people two or more partners', () => {
    expect(assignment.person.map((p) => p.length)).toEqual(Array(6).fill(2000));
    const shared = assignment.spells.filter((s) => s > 1).length;
    expect(shared / assignment.people).toBeGreaterThan(0.18);
    expect(shared / assignment.people).toBeLessThan(0.22);
    // Records per person add up to K x N.
    expect(assignment.spells.reduce((n, s) => n + s, 0)).toBe(12_000);
  });

  it('is deterministic from the seed, and another seed gives other data', () => {
    expect(partnerRows(assignPeople({ partners: 6, perPartner: 2000, seed: 11 }), 2)).toEqual(partnerRows(assignment, 2));
    expect(partnerRows(assignPeople({ partners: 6, perPartner: 2000, seed: 12 }), 2).participants).not.toEqual(partnerRows(assignment, 2).participants);
  });

  it("writes an increment of new, unlinked records whose local ids cannot collide with the dataset's", () => {
    const increment = partnerRows(assignPeople({ partners: 6, perPartner: 20, seed: 12 }), 2, { localIdPrefix: 'NEW1-', linked: false });
    expect(increment.participants).toHaveLength(20);
    expect(increment.links).toEqual([]);
    for (const line of increment.participants) {
      const [localId, gsid] = line.split('\t');
      expect(localId).toMatch(/^NEW1-\d{6}$/);
      expect(gsid).toBe('\\N');
    }
    expect(increment.outcomes.length).toBeGreaterThan(0);
    for (const line of [...increment.stageEvents, ...increment.outcomes]) expect(line.split('\t')[0]).toMatch(/^NEW1-\d{6}$/);
    // Without options the rows are the dataset's, as before.
    expect(partnerRows(assignment, 2).participants[0]).toMatch(/^P3-000001\tgs_/);
    expect(partnerRows(assignment, 2).links).toHaveLength(2000);
  });

  it('gives distinct, well-formed GSIDs', () => {
    const gsids = Array.from({ length: 50_000 }, (_, i) => benchGsid(11, i));
    expect(new Set(gsids).size).toBe(gsids.length);
    expect(gsids.every(isValidGsid)).toBe(true);
  });

  it("puts a person's spells at different partners in time order, and holds one person the same everywhere", () => {
    const byGsid = new Map<string, Array<{ spell: number; enrolled: string; sex: string }>>();
    assignment.partners.forEach((partner) => {
      const rows = partnerRows(assignment, partner.index);
      rows.participants.forEach((line, r) => {
        const [, gsid, enrolled, , , sex] = line.split('\t');
        byGsid.set(gsid, [...(byGsid.get(gsid) ?? []), { spell: assignment.spell[partner.index][r], enrolled, sex }]);
      });
    });
    const journeys = [...byGsid.values()].filter((records) => records.length > 1);
    expect(journeys.length).toBe(assignment.spells.filter((s) => s > 1).length);
    for (const records of journeys) {
      const ordered = [...records].sort((a, b) => a.spell - b.spell);
      for (let i = 1; i < ordered.length; i++) expect(ordered[i].enrolled > ordered[i - 1].enrolled).toBe(true);
      expect(new Set(records.map((r) => r.sex)).size).toBe(1);
    }
  });

  it('refuses a scale that is not a positive whole number, naming it', () => {
    expect(() => assignPeople({ partners: 0, perPartner: 10, seed: 1 })).toThrow(/partners must be/);
    expect(() => assignPeople({ partners: 2, perPartner: 1.5, seed: 1 })).toThrow(/perPartner must be/);
  });
});
