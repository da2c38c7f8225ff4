import { gsidFromBytes, isValidGsid, GSID_PATTERN } from './gsid';
import { seededRandom } from './random';

describe('GSID', () => {
  const random = seededRandom(7);
  const samples = Array.from({ length: 200 }, () => gsidFromBytes(random.bytes(7)));

  it('builds well-formed ids that validate', () => {
    for (const gsid of samples) {
      expect(gsid).toMatch(GSID_PATTERN);
      expect(isValidGsid(gsid)).toBe(true);
    }
  });

  it('is a function of its bytes', () => {
    expect(gsidFromBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))).toBe(gsidFromBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7])));
    expect(gsidFromBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))).not.toBe(gsidFromBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 8])));
  });

  it('rejects every single-character typo and adjacent transposition', () => {
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'; // z included: it must be rejected too
    for (const gsid of samples.slice(0, 20)) {
      for (let i = 3; i < gsid.length; i++) {
        for (const c of alphabet) {
          if (c === gsid[i]) continue;
          expect(isValidGsid(gsid.slice(0, i) + c + gsid.slice(i + 1))).toBe(false);
        }
        if (i + 1 < gsid.length - 1 && gsid[i] !== gsid[i + 1]) {
          expect(isValidGsid(gsid.slice(0, i) + gsid[i + 1] + gsid[i] + gsid.slice(i + 2))).toBe(false);
        }
      }
    }
  });

  it('rejects malformed input', () => {
    for (const bad of ['', 'gs_', 'GS_4B2JWQ2F5W04', 'gs_4b2jwq2f5w0', 'gs_4b2jwq2f5w04x', 'gs_4b2jwq2f5wi4', 'gs_zzzzzzzzzzzz', "gs_'; drop --"]) {
      expect(isValidGsid(bad)).toBe(false);
    }
  });
});
