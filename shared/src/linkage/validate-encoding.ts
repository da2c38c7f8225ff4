import { badInput } from '../errors';
import { BLOOM_BITS, LINK_RULES, LINKAGE_SCHEMES, type LinkageEncoding } from './encode';

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const BLOOM_LENGTH = Math.ceil(((BLOOM_BITS / 8) * 4) / 3 / 4) * 4;
const BLOOM = new RegExp(`^[A-Za-z0-9+/]{${BLOOM_LENGTH - 2}}[A-Za-z0-9+/=]{2}$`);

/**
 * Checks an encoding received from a partner: right scheme, every token a 128-bit keyed hash,
 * Bloom filters of the right size. Anything else (a raw name sent by mistake, say) is refused
 * with the field named, and its value is never echoed.
 */
export function validateEncoding(value: unknown, field: string): LinkageEncoding {
  if (!value || typeof value !== 'object') throw badInput(field, 'must be an object');
  const e = value as Record<string, unknown>;
  if (!(LINKAGE_SCHEMES as readonly unknown[]).includes(e.scheme))
    throw badInput(`${field}.scheme`, `must be one of ${LINKAGE_SCHEMES.map((s) => `"${s}"`).join(', ')}`);
  const tokenAt = (name: string, optional = false) => {
    const v = e[name];
    if (optional && (v === null || v === undefined)) return;
    if (typeof v !== 'string' || !TOKEN.test(v)) throw badInput(`${field}.${name}`, 'is not a linkage token (22 base64url characters)');
  };
  for (const name of ['first', 'last', 'dob', 'dobYM', 'dobYD', 'dobMD', 'dobSwap']) tokenAt(name);
  for (const name of ['sex', 'ssn4', 'phone', 'email']) tokenAt(name, true);
  for (const name of ['firstBloom', 'lastBloom']) {
    if (typeof e[name] !== 'string' || !BLOOM.test(e[name] as string)) throw badInput(`${field}.${name}`, `is not a ${BLOOM_BITS}-bit Bloom filter in base64`);
  }
  if (!e.rules || typeof e.rules !== 'object') throw badInput(`${field}.rules`, 'must be an object');
  for (const [rule, token] of Object.entries(e.rules as Record<string, unknown>)) {
    if (!(LINK_RULES as readonly string[]).includes(rule)) throw badInput(`${field}.rules`, `unknown rule "${rule.slice(0, 40)}"`);
    if (typeof token !== 'string' || !TOKEN.test(token)) throw badInput(`${field}.rules.${rule}`, 'is not a linkage token');
  }
  if (!(e.rules as Record<string, unknown>).NAME_DOB_SEX) throw badInput(`${field}.rules.NAME_DOB_SEX`, 'is required');
  if (!Array.isArray(e.blocks) || e.blocks.length === 0 || e.blocks.length > 16) throw badInput(`${field}.blocks`, 'must be a list of 1 to 16 tokens');
  e.blocks.forEach((b, i) => {
    if (typeof b !== 'string' || !TOKEN.test(b)) throw badInput(`${field}.blocks[${i}]`, 'is not a linkage token');
  });
  if (e.scheme !== 'cg-link-v1') {
    tokenAt('suffix', true);
    const tokens = (name: string, max: number) => {
      const list = e[name];
      if (!Array.isArray(list) || list.length > max) throw badInput(`${field}.${name}`, `must be a list of at most ${max} tokens`);
      list.forEach((t, i) => {
        if (typeof t !== 'string' || !TOKEN.test(t)) throw badInput(`${field}.${name}[${i}]`, 'is not a linkage token');
      });
    };
    tokens('lastParts', 6);
    tokens('dobNear', 2);
    if (typeof e.firstKnown !== 'boolean') throw badInput(`${field}.firstKnown`, 'must be true or false');
  }
  return e as unknown as LinkageEncoding;
}
