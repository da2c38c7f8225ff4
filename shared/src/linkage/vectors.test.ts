import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput } from './index';

/**
 * Checked-in test vectors: every partner must derive exactly these encodings from these inputs
 * and secret, whatever machine or version it runs. If this test fails after a change, the change
 * broke the scheme: bump LINKAGE_SCHEME instead of editing the vectors.
 */
const dir = __dirname;
const { secret, today, inputs } = JSON.parse(readFileSync(join(dir, 'test-vectors.inputs.json'), 'utf8')) as {
  secret: string;
  today: string;
  inputs: IdentityInput[];
};
const expected = JSON.parse(readFileSync(join(dir, 'test-vectors.expected.json'), 'utf8')) as unknown[];

describe('linkage test vectors', () => {
  it('derives the checked-in encodings', () => {
    const keys = deriveLinkageKeys(secret);
    expect(inputs.map((input) => encodeIdentity(normalizeIdentity(input, today), keys))).toEqual(expected);
  });

  it('a different secret gives unrelated tokens', () => {
    const other = encodeIdentity(normalizeIdentity(inputs[0], today), deriveLinkageKeys(`${secret}!`));
    expect(other.dob).not.toBe((expected[0] as { dob: string }).dob);
    expect(other.rules.NAME_DOB_SEX).not.toBe((expected[0] as { rules: { NAME_DOB_SEX: string } }).rules.NAME_DOB_SEX);
  });
});
