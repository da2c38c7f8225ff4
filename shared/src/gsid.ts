/**
 * Global stakeholder IDs (GSIDs): "gs_" followed by 12 characters of a 31-character
 * alphabet (Crockford base32 without "z"), the last of which is a check character over the
 * first 11. With a prime alphabet size and distinct weights, the check catches every single
 * mistyped character and every swap of two neighbours, so a user gets "malformed GSID"
 * rather than "not found" (or, worse, somebody else).
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxy';
const BASE = BigInt(ALPHABET.length);
const BODY_LENGTH = 11;
export const GSID_PATTERN = /^gs_[0-9a-hjkmnp-tv-y]{12}$/;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i]);
  return ALPHABET[sum % ALPHABET.length];
}

/** Builds a GSID from at least 7 bytes of randomness (or of a deterministic seed). */
export function gsidFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 7) throw new RangeError('gsidFromBytes needs at least 7 bytes');
  let value = 0n;
  for (let i = 0; i < 7; i++) value = (value << 8n) | BigInt(bytes[i]);
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) {
    body = ALPHABET[Number(value % BASE)] + body;
    value /= BASE;
  }
  return `gs_${body}${checkCharacter(body)}`;
}

export function isValidGsid(value: string): boolean {
  if (!GSID_PATTERN.test(value)) return false;
  return value[value.length - 1] === checkCharacter(value.slice(3, 3 + BODY_LENGTH));
}
