import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput } from './index';

/**
 * Checked-in test vectors: every partner must derive exactly these encodings from these inputs
 * and secret, whatever machine or version it runs. If this test fails after a change, the change
 * broke the scheme: bump LINKAGE_SCHEME instead of editing the vectors.
 */
const dir = __dirname;
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const v1 = read('test-vectors.inputs.json') as { secret: string; today: string; inputs: IdentityInput[] };
const v1Expected = read('test-vectors.expected.json') as Array<Record<string, unknown>>;
const v2 = read('test-vectors.v2.inputs.json') as { secret: string; today: string; inputs: IdentityInput[] };
const v2Expected = read('test-vectors.v2.expected.json') as Array<Record<string, unknown>>;
const V2_ONLY = ['suffix', 'lastParts', 'dobNear', 'firstKnown'];

describe('linkage test vectors', () => {
  it('derives the checked-in cg-link-v2 encodings', () => {
    const keys = deriveLinkageKeys(v2.secret);
    expect(v2.inputs.map((input) => encodeIdentity(normalizeIdentity(input, v2.today), keys))).toEqual(v2Expected);
  });

  it('keeps every cg-link-v1 field as v1 derived it, so v2 records compare with stored v1 records', () => {
    const keys = deriveLinkageKeys(v1.secret);
    const asV1 = v1.inputs.map((input) => {
      const encoding: Record<string, unknown> = { ...encodeIdentity(normalizeIdentity(input, v1.today), keys), scheme: 'cg-link-v1' };
      for (const field of V2_ONLY) delete encoding[field];
      return encoding;
    });
    expect(asV1).toEqual(v1Expected);
  });

  it('a different secret gives unrelated tokens', () => {
    const other = encodeIdentity(normalizeIdentity(v2.inputs[0], v2.today), deriveLinkageKeys(`${v2.secret}!`));
    expect(other.dob).not.toBe(v2Expected[0].dob);
    expect(other.rules.NAME_DOB_SEX).not.toBe((v2Expected[0].rules as { NAME_DOB_SEX: string }).NAME_DOB_SEX);
  });

  it('derives the v2 evidence: suffix apart from the name, surname parts, the neighbouring years, a known given name', () => {
    const keys = deriveLinkageKeys(v2.secret);
    const [maria, bill, , leap, xochitl] = v2.inputs.map((input) => encodeIdentity(normalizeIdentity(input, v2.today), keys));
    const plain = encodeIdentity(normalizeIdentity({ ...v2.inputs[1], lastName: "O'Neil" }, v2.today), keys);
    expect(bill.last).toBe(plain.last);
    expect(bill.suffix).toBeTruthy();
    expect(plain.suffix).toBeNull();
    expect(maria.lastParts).toHaveLength(2);
    const garcia = encodeIdentity(normalizeIdentity({ ...v2.inputs[0], lastName: 'Garcia' }, v2.today), keys);
    expect(maria.lastParts).toContain(garcia.last);
    expect(leap.dobNear).toEqual([]);
    expect(leap.lastParts).toEqual([]); // DE, LA are particles: only CRUZ is left, one part is no part
    expect(xochitl.lastParts).toHaveLength(2); // BERG, SMITH
    const yearLater = encodeIdentity(normalizeIdentity({ ...v2.inputs[1], birthDate: '1976-12-01' }, v2.today), keys);
    expect(bill.dobNear).toContain(yearLater.dob);
    expect(bill.firstKnown).toBe(true);
    expect(xochitl.firstKnown).toBe(false);
  });
});
