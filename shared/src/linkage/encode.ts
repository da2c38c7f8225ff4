import { createHmac } from 'node:crypto';
import { isKnownGivenName } from './given-names';
import type { NormalizedIdentity } from './normalize';

/**
 * The token scheme. A change to anything in this file (or to normalization, the nickname table
 * or the given-name list) is a new scheme, never an edit.
 *
 * v2 adds fields to v1 and changes none of v1's: its tokens are derived under v1's keys, so a
 * registry compares a v2 record with a stored v1 record on every v1 field, and partners can move
 * to v2 one at a time (a record is re-encoded whenever it is enrolled or imported again).
 */
export const LINKAGE_SCHEME = 'cg-link-v2';
export const LINKAGE_SCHEMES = ['cg-link-v1', 'cg-link-v2'] as const;
export type LinkageScheme = (typeof LINKAGE_SCHEMES)[number];
/** The label keys are derived under: v1's, kept by v2 so that both compare (see above). */
const KEY_LABEL = 'cg-link-v1';
export const BLOOM_BITS = 512;
export const BLOOM_HASHES = 12;
/** The coalition secret must be long enough that tokens cannot be brute-forced from guesses. */
export const MIN_SECRET_LENGTH = 32;

/** Deterministic rules: a shared token links two records unless the comparison contradicts it. */
export const LINK_RULES = ['NAME_DOB_SEX', 'SSN4_DOB_INITIAL', 'EMAIL_DOB'] as const;
export type LinkRule = (typeof LINK_RULES)[number];

/**
 * What a partner sends the registry for one person: keyed hashes and Bloom filters only. The
 * registry can compare two encodings but cannot recover a name, date or identifier without
 * the coalition secret, which it never holds.
 */
export interface LinkageEncoding {
  scheme: LinkageScheme;
  /** rule name -> token, for the rules this record has the fields for */
  rules: Partial<Record<LinkRule, string>>;
  /** tokens used only to find candidates (blocking), never as evidence */
  blocks: string[];
  /** exact-agreement tokens */
  first: string;
  last: string;
  dob: string;
  /** partial birth-date agreement: year+month, year+day, month+day, year+{month,day} unordered */
  dobYM: string;
  dobYD: string;
  dobMD: string;
  dobSwap: string;
  sex: string | null;
  ssn4: string | null;
  phone: string | null;
  email: string | null;
  /** CLK-style Bloom filters of name bigrams (base64, BLOOM_BITS bits) for fuzzy comparison */
  firstBloom: string;
  lastBloom: string;
  /*
   * v2 only (absent from v1 records: compared as missing).
   */
  /** a generational suffix (JR, SR, II, III, IV), never part of the name tokens */
  suffix?: string | null;
  /** name tokens of each part of a surname with several (hyphenated or two words) */
  lastParts?: string[];
  /** the birth-date token of the same day and month one year earlier and one year later */
  dobNear?: string[];
  /** the first name (or its formal form) is on the public given-name list (see given-names.ts) */
  firstKnown?: boolean;
}

const SEP = '\u001f';

export interface LinkageKeys {
  token: Buffer;
  bloom: Buffer;
}

/** Separate keys for tokens and Bloom filters, derived from the one coalition secret. */
export function deriveLinkageKeys(secret: string): LinkageKeys {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the coalition linkage secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    token: createHmac('sha256', secret).update(`${KEY_LABEL}/token`).digest(),
    bloom: createHmac('sha256', secret).update(`${KEY_LABEL}/bloom`).digest(),
  };
}

function token(keys: LinkageKeys, label: string, ...values: string[]): string {
  return createHmac('sha256', keys.token)
    .update([label, ...values].join(SEP))
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** American Soundex: a coarse phonetic code, used only to build blocking keys. */
export function soundex(name: string): string {
  const codes: Record<string, string> = {
    B: '1',
    F: '1',
    P: '1',
    V: '1',
    C: '2',
    G: '2',
    J: '2',
    K: '2',
    Q: '2',
    S: '2',
    X: '2',
    Z: '2',
    D: '3',
    T: '3',
    L: '4',
    M: '5',
    N: '5',
    R: '6',
  };
  if (!name) return '';
  let result = name[0];
  let previous = codes[name[0]] ?? '';
  for (const letter of name.slice(1)) {
    const code = codes[letter] ?? '';
    if (code && code !== previous) result += code;
    if (letter !== 'H' && letter !== 'W') previous = code;
    if (result.length === 4) break;
  }
  return result.padEnd(4, '0');
}

export function bigrams(value: string): string[] {
  const padded = `_${value}_`;
  const grams: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) grams.push(padded.slice(i, i + 2));
  return grams;
}

/** Each bigram sets BLOOM_HASHES bits chosen by a keyed hash of the field label and bigram. */
export function bloomFilter(keys: LinkageKeys, label: string, value: string): Buffer {
  const bits = Buffer.alloc(BLOOM_BITS / 8);
  for (const gram of bigrams(value)) {
    const digest = createHmac('sha256', keys.bloom)
      .update(label + SEP + gram)
      .digest();
    for (let i = 0; i < BLOOM_HASHES; i++) {
      const position = digest.readUInt16BE(i * 2) % BLOOM_BITS;
      bits[position >> 3] |= 1 << (position & 7);
    }
  }
  return bits;
}

/** Derives a record's encoding. Deterministic: every partner with the same secret gets the same. */
export function encodeIdentity(identity: NormalizedIdentity, keys: LinkageKeys): LinkageEncoding {
  const { formalFirst, last, birthDate, sex, ssnLast4, phone, email } = identity;
  const [year, month, day] = birthDate.split('-');
  const [low, high] = month < day ? [month, day] : [day, month];
  const rules: Partial<Record<LinkRule, string>> = { NAME_DOB_SEX: token(keys, 'rule:name-dob-sex', formalFirst, last, birthDate, sex ?? 'U') };
  if (ssnLast4) rules.SSN4_DOB_INITIAL = token(keys, 'rule:ssn4-dob-initial', ssnLast4, birthDate, formalFirst[0]);
  if (email) rules.EMAIL_DOB = token(keys, 'rule:email-dob', email, birthDate);

  const [s1, s2] = [soundex(formalFirst), soundex(last)].sort();
  const blocks = [
    token(keys, 'block:dob', birthDate),
    token(keys, 'block:last-year', soundex(last), year),
    token(keys, 'block:names', s1, s2),
    token(keys, 'block:first-year-md', soundex(formalFirst), year, low, high),
  ];
  if (ssnLast4) blocks.push(token(keys, 'block:ssn4-year', ssnLast4, year));
  if (email) blocks.push(token(keys, 'block:email', email));

  return {
    scheme: LINKAGE_SCHEME,
    rules,
    blocks,
    // One label for both name fields, so the registry can also compare them crossed (swapped names).
    first: token(keys, 'name', formalFirst),
    last: token(keys, 'name', last),
    dob: token(keys, 'dob', birthDate),
    dobYM: token(keys, 'dob-ym', year, month),
    dobYD: token(keys, 'dob-yd', year, day),
    dobMD: token(keys, 'dob-md', month, day),
    dobSwap: token(keys, 'dob-swap', year, low, high),
    sex: sex ? token(keys, 'sex', sex) : null,
    ssn4: ssnLast4 ? token(keys, 'ssn4', ssnLast4) : null,
    phone: phone ? token(keys, 'phone', phone) : null,
    email: email ? token(keys, 'email', email) : null,
    // Bloom filters over the name as written (not the formal name), so "JON"/"JOHN" stay close.
    firstBloom: bloomFilter(keys, 'name', identity.first).toString('base64'),
    lastBloom: bloomFilter(keys, 'name', last).toString('base64'),
    suffix: identity.suffix ? token(keys, 'suffix', identity.suffix) : null,
    lastParts: identity.lastParts.map((part) => token(keys, 'name', part)),
    dobNear: [-1, 1].flatMap((shift) => {
      const near = `${String(Number(year) + shift).padStart(4, '0')}-${month}-${day}`;
      // 29 February has no neighbour a year away: no token rather than an invalid date.
      return month === '02' && day === '29' ? [] : [token(keys, 'dob', near)];
    }),
    firstKnown: isKnownGivenName(formalFirst),
  };
}
