import { SEX_CODES, type SexCode } from '../contract';
import { badInput } from '../errors';
import { formalFirstName } from './nicknames';

/** What a partner knows about a person, as entered. Never leaves the partner. */
export interface IdentityInput {
  firstName: string;
  lastName: string;
  /** ISO date, YYYY-MM-DD */
  birthDate: string;
  sex?: SexCode | null;
  ssnLast4?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** The same, cleaned so that equal people compare equal. Still personal: stays at the partner. */
export interface NormalizedIdentity {
  first: string;
  /** `first` with a known nickname replaced by the formal name */
  formalFirst: string;
  last: string;
  /** the surname's words or hyphenated parts, when it has several (GARCIA-LOPEZ: GARCIA, LOPEZ) */
  lastParts: string[];
  /** a generational suffix written with either name (JR, SR, II, III, IV), kept apart from the name */
  suffix: string | null;
  birthDate: string;
  sex: SexCode | null;
  ssnLast4: string | null;
  phone: string | null;
  email: string | null;
}

const SUFFIXES = new Set(['JR', 'SR', 'II', 'III', 'IV', 'V']);
/** Surname particles too common to be evidence on their own (DE LA CRUZ shares DE with DE LEON). */
const PARTICLES = new Set([
  'DE',
  'DA',
  'DI',
  'DO',
  'DU',
  'LA',
  'LE',
  'EL',
  'DEL',
  'DES',
  'DOS',
  'DAS',
  'VAN',
  'VON',
  'DER',
  'DEN',
  'TER',
  'TEN',
  'MC',
  'MAC',
  'Y',
  'E',
]);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Upper case A-Z only: diacritics stripped (José -> JOSE), hyphens, apostrophes and spaces
 * removed (O'Neil-Smith -> ONEILSMITH), generational suffixes dropped. Letters outside Latin
 * (which would all normalize to nothing) are refused rather than silently lost.
 */
export function normalizeName(value: string, field: string): string {
  return nameWords(value, field).name;
}

/**
 * The name (as normalizeName), its words or hyphenated parts, and a generational suffix if one
 * was written. Parts shorter than three letters and particles are left out of `parts`.
 */
export function nameWords(value: string, field: string): { name: string; parts: string[]; suffix: string | null } {
  if (typeof value !== 'string' || !value.trim()) throw badInput(field, 'is empty');
  if (value.length > 100) throw badInput(field, 'is longer than 100 characters');
  const all = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'SS')
    .replace(/[Ææ]/g, 'AE')
    .replace(/[Øø]/g, 'O')
    .replace(/[Łł]/g, 'L')
    // Letters with a stroke or of their own, which NFKD leaves whole (Đức would lose its D).
    .replace(/[ĐđÐð]/g, 'D')
    .replace(/[Þþ]/g, 'TH')
    .replace(/[Ħħ]/g, 'H')
    .replace(/ı/g, 'I')
    .toUpperCase()
    .split(/[\s,.]+/)
    .map((word) => word.replace(/['’`]/g, ''))
    .filter((word) => word);
  // A suffix counts only after the first word: "V" or "Jr" alone would be the name itself.
  const suffixes = all.filter((word, i) => i > 0 && SUFFIXES.has(word.replace(/-/g, '')));
  const words = all.filter((word, i) => !(i > 0 && SUFFIXES.has(word.replace(/-/g, ''))));
  if (words.some((word) => /\d/.test(word))) throw badInput(field, 'contains digits');
  const name = words.join('').replace(/[^A-Z]/g, '');
  if (!name) throw badInput(field, 'has no letters A-Z after removing accents and punctuation (names in other scripts need a transliteration first)');
  const parts = words
    .flatMap((word) => word.split('-'))
    .map((part) => part.replace(/[^A-Z]/g, ''))
    .filter((part) => part.length >= 3 && !PARTICLES.has(part));
  return { name, parts: parts.length > 1 ? [...new Set(parts)] : [], suffix: suffixes.length ? suffixes[suffixes.length - 1].replace(/-/g, '') : null };
}

/** A real calendar date, not in the future, not before 1900. */
export function normalizeBirthDate(value: string, today: string): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim()) : null;
  if (!match) throw badInput('birthDate', `"${String(value).slice(0, 20)}" is not a date in the form YYYY-MM-DD`);
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    throw badInput('birthDate', `${y}-${m}-${d} is not a calendar date`);
  }
  const iso = `${y}-${m}-${d}`;
  if (iso > today) throw badInput('birthDate', 'is in the future');
  if (iso < '1900-01-01') throw badInput('birthDate', 'is before 1900');
  return iso;
}

function normalizeOptional(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}

/**
 * Cleans and checks identity fields. Throws BAD_USER_INPUT naming the field and the reason;
 * the messages never echo a name, phone or e-mail (they may end up in logs).
 */
export function normalizeIdentity(input: IdentityInput, today: string = new Date().toISOString().slice(0, 10)): NormalizedIdentity {
  const firstWords = nameWords(input.firstName, 'firstName');
  const lastWords = nameWords(input.lastName, 'lastName');
  const first = firstWords.name;
  const last = lastWords.name;
  const birthDate = normalizeBirthDate(input.birthDate, today);
  const sex = input.sex ?? null;
  if (sex !== null && !SEX_CODES.includes(sex)) throw badInput('sex', `must be one of ${SEX_CODES.join(', ')}`);

  const ssnLast4 = normalizeOptional(input.ssnLast4);
  if (ssnLast4 !== null && (!/^\d{4}$/.test(ssnLast4) || ssnLast4 === '0000')) throw badInput('ssnLast4', 'must be 4 digits, not 0000');

  let phone = normalizeOptional(input.phone);
  if (phone !== null) {
    if (/[^\d\s()+.-]/.test(phone)) throw badInput('phone', 'may hold only digits, spaces, +, -, . and parentheses');
    let digits = phone.replace(/\D/g, '');
    if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
    if (digits.length !== 10) throw badInput('phone', 'must be a 10-digit North American number');
    phone = digits;
  }

  let email = normalizeOptional(input.email);
  if (email !== null) {
    email = email.toLowerCase();
    if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw badInput('email', 'is not an e-mail address');
  }

  return {
    first,
    formalFirst: formalFirstName(first),
    last,
    lastParts: lastWords.parts,
    suffix: lastWords.suffix ?? firstWords.suffix,
    birthDate,
    sex: sex === 'NOT_SELF_IDENTIFIED' ? null : sex,
    ssnLast4,
    phone,
    email,
  };
}
