import type { Dimension } from '@coalition/shared';
import { partnerScope, type Caller } from '@coalition/shared/auth';
import { disclosureControl, disclosureFor, protectedCube, refusePartial } from './disclosure-scope';

const backbone: Caller = { subject: 'b', role: 'backbone_analyst' };
const staff: Caller = { subject: 's', role: 'partner_staff', partnerId: 'north' };
const funder: Caller = { subject: 'f', role: 'funder', portfolio: ['north', 'south'] };
const everyone: Caller = { subject: 'g', role: 'funder', portfolio: 'ALL' };
const ALL: Dimension[] = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY', 'COHORT', 'PROGRAM_TYPE'];
const year = [['period', 'PROGRAM_YEAR']] as const;

describe('disclosure scope, from the roles table', () => {
  it('gives the backbone the figures as computed, by whatever it asks', () => {
    const d = disclosureFor(backbone, ['COUNTY', 'SEX'], [['period', 'QUARTER']], ALL, { k: 11, p: 3 });
    expect(d).toEqual({ unsuppressed: true, by: ['COUNTY', 'SEX'], dimensions: ['COUNTY', 'SEX'], k: null, p: null, visible: 'ALL' });
    expect(disclosureControl(d)).toEqual({ applied: false, minimumCellSize: null, protection: null, cubeDimensions: null });
    expect(() => refusePartial(d, { missing: [{ partnerId: 'north', reason: 'down' }] })).not.toThrow();
  });

  it('protects the cube for staff and funders, with their own drill-down', () => {
    expect(protectedCube()).toEqual(['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND']);
    const d = disclosureFor(staff, ['SEX'], year, ['PARTNER', 'SEX', 'AGE_BAND', 'COUNTY'], { k: 11, p: 3 });
    expect(d).toEqual({ unsuppressed: false, by: ['SEX'], dimensions: ['PARTNER', 'SEX', 'AGE_BAND'], k: 11, p: 3, visible: new Set(['north']) });
    expect(disclosureControl(d)).toEqual({ applied: true, minimumCellSize: 11, protection: 3, cubeDimensions: ['PARTNER', 'SEX', 'AGE_BAND'] });
    expect(disclosureFor(funder, [], year, ALL, { k: 11, p: 3 }).visible).toEqual(new Set(['north', 'south']));
    expect(disclosureFor(everyone, [], year, ALL, { k: 11, p: 3 }).visible).toBe('ALL');
  });

  it('refuses what only the backbone may ask, saying who may', () => {
    expect(() => disclosureFor(funder, [], [['compareTo', 'COHORT']], ALL, { k: 11, p: 3 })).toThrow(
      /^compareTo: funders and partner staff get whole program years only \(a quarter/,
    );
    expect(() => disclosureFor(staff, ['COHORT'], year, ALL, { k: 11, p: 3 })).toThrow(
      'by: COHORT is for the backbone only; funders and partner staff can disaggregate by PARTNER, SEX, RACE_GROUP, AGE_BAND',
    );
    const d = disclosureFor(funder, [], year, ALL, { k: 11, p: 3 });
    expect(() => refusePartial(d, { missing: [{ partnerId: 'north', reason: 'down' }] })).toThrow(
      'Partners north (down) did not answer. Funders and partner staff get figures over the whole network only: a partial figure could be differenced against a full one.',
    );
  });

  it('keeps the partner scope every role had', () => {
    expect(partnerScope(staff, 'aggregate')).toBe('ALL');
    expect(partnerScope(staff, 'person')).toEqual(['north']);
    expect(partnerScope(funder, 'aggregate')).toEqual(['north', 'south']);
    expect(partnerScope(funder, 'person')).toEqual([]);
    expect(partnerScope(backbone, 'person')).toBe('ALL');
    expect(partnerScope({ subject: 'a', role: 'admin' }, 'quality')).toBe('ALL');
    expect(partnerScope({ subject: 'a', role: 'admin' }, 'aggregate')).toEqual([]);
  });
});
