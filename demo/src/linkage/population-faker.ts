import type { IdentityInput } from '@coalition/shared/linkage';
import { base, de, en, en_US, es, es_MX, Faker, fr, it as itLocale, type LocaleDefinition, pl, pt_BR, vi } from '@faker-js/faker';
import type { LabelledRecord } from './population';

/**
 * A second labelled population, independent of population.ts: names, dates and e-mails come from
 * faker's locale data and seeded generator, and the corruption model is its own, so that linkage
 * accuracy is never tuned to one generator's habits.
 */

export const CORRUPTIONS = [
  'FIRST_TYPO',
  'LAST_TYPO',
  'MARRIED_NAME',
  'HYPHENATED',
  'DOB_YEAR_OFF_BY_ONE',
  'DOB_DAY_OFF',
  'DOB_MONTH_DAY_SWAP',
  'NAME_ORDER_SWAP',
  'NICKNAME',
  'SEX_MISSING',
  'SEX_MISCODED',
  'ACCENTS_DROPPED',
  'MISSING_IDENTIFIERS',
  'PHONE_CHANGED',
  'EMAIL_CHANGED',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export const RELATIONS = ['TWIN_OPPOSITE_SEX_SIMILAR_NAME', 'TWIN_SAME_SEX_SHARED_PHONE', 'FATHER_SON_JR_SR', 'COMMON_NAME'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface FakerLabelledRecord extends LabelledRecord {
  /** every corruption applied to this record; empty for a clean record */
  corruptions: Corruption[];
  relation?: Relation;
  /** the other people of the relation (the twin, the father or son, the rest of the cluster) */
  relatedPersonIds?: number[];
}

export interface FakerPopulationOptions {
  people: number;
  seed: number;
  partners: readonly string[];
  /** share of people at two or more partners (default 0.3) */
  overlap?: number;
}

type Sex = 'female' | 'male';

/** Frequent names (the head of each locale's distribution; faker's own lists are uniform). */
interface LocaleSpec {
  group: string;
  weight: number;
  definitions: LocaleDefinition[];
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
}
const LOCALES: readonly LocaleSpec[] = [
  {
    group: 'en',
    weight: 34,
    definitions: [en_US, en, base],
    female: ['Mary', 'Jennifer', 'Linda', 'Patricia'],
    male: ['James', 'John', 'Michael', 'David'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones'],
  },
  {
    group: 'es',
    weight: 22,
    definitions: [es_MX, es, en, base],
    female: ['María', 'Guadalupe', 'Juana', 'Verónica'],
    male: ['José', 'Juan', 'Luis', 'Miguel'],
    last: ['Hernández', 'García', 'Martínez', 'López', 'González'],
  },
  {
    group: 'vi',
    weight: 8,
    definitions: [vi, en, base],
    female: ['Thị Lan', 'Thị Hương', 'Ngọc Anh'],
    male: ['Văn Hùng', 'Văn Minh', 'Minh Tuấn'],
    last: ['Nguyễn', 'Trần', 'Lê', 'Phạm'],
  },
  {
    group: 'de',
    weight: 8,
    definitions: [de, en, base],
    female: ['Ursula', 'Monika', 'Anna', 'Petra'],
    male: ['Thomas', 'Michael', 'Peter', 'Andreas'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber'],
  },
  {
    group: 'fr',
    weight: 8,
    definitions: [fr, en, base],
    female: ['Marie', 'Nathalie', 'Isabelle', 'Sylvie'],
    male: ['Jean', 'Philippe', 'Michel', 'Alain'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert'],
  },
  {
    group: 'pt',
    weight: 7,
    definitions: [pt_BR, en, base],
    female: ['Maria', 'Ana', 'Francisca', 'Antônia'],
    male: ['José', 'João', 'Antônio', 'Francisco'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira'],
  },
  {
    group: 'pl',
    weight: 7,
    definitions: [pl, en, base],
    female: ['Anna', 'Maria', 'Katarzyna', 'Małgorzata'],
    male: ['Piotr', 'Krzysztof', 'Andrzej', 'Tomasz'],
    last: ['Nowak', 'Wójcik', 'Kowalczyk', 'Mazur', 'Krawczyk'],
  },
  {
    group: 'it',
    weight: 6,
    definitions: [itLocale, en, base],
    female: ['Maria', 'Anna', 'Giuseppina', 'Rosa'],
    male: ['Giuseppe', 'Giovanni', 'Antonio', 'Mario'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi'],
  },
];

/** [group, sex, formal, nickname]. Vietnamese needs no entries: the call name is the last syllable. */
const NICKNAMES: ReadonlyArray<readonly [string, Sex, string, string]> = [
  ['en', 'male', 'William', 'Bill'],
  ['en', 'male', 'Robert', 'Bob'],
  ['en', 'male', 'Richard', 'Rick'],
  ['en', 'male', 'Christopher', 'Chris'],
  ['en', 'female', 'Elizabeth', 'Beth'],
  ['en', 'female', 'Margaret', 'Peggy'],
  ['en', 'female', 'Katherine', 'Kate'],
  ['es', 'male', 'Francisco', 'Paco'],
  ['es', 'male', 'Guillermo', 'Memo'],
  ['es', 'male', 'Alejandro', 'Alex'],
  ['es', 'male', 'José', 'Pepe'],
  ['es', 'male', 'Jesús', 'Chuy'],
  ['es', 'male', 'Ignacio', 'Nacho'],
  ['es', 'male', 'Eduardo', 'Lalo'],
  ['es', 'female', 'Guadalupe', 'Lupe'],
  ['es', 'female', 'Dolores', 'Lola'],
  ['es', 'female', 'Rosario', 'Chayo'],
  ['de', 'male', 'Johannes', 'Hans'],
  ['de', 'male', 'Friedrich', 'Fritz'],
  ['de', 'male', 'Wolfgang', 'Wolf'],
  ['de', 'female', 'Katharina', 'Käthe'],
  ['de', 'female', 'Margarete', 'Grete'],
  ['fr', 'male', 'Frédéric', 'Fred'],
  ['fr', 'male', 'Nicolas', 'Nico'],
  ['fr', 'female', 'Catherine', 'Cathy'],
  ['fr', 'female', 'Isabelle', 'Isa'],
  ['pt', 'male', 'Antônio', 'Toninho'],
  ['pt', 'male', 'José', 'Zé'],
  ['pt', 'male', 'Francisco', 'Chico'],
  ['pt', 'male', 'Eduardo', 'Dudu'],
  ['pt', 'female', 'Fernanda', 'Nanda'],
  ['pt', 'female', 'Gabriela', 'Gabi'],
  ['pl', 'male', 'Aleksander', 'Olek'],
  ['pl', 'male', 'Wojciech', 'Wojtek'],
  ['pl', 'male', 'Stanisław', 'Staszek'],
  ['pl', 'female', 'Katarzyna', 'Kasia'],
  ['pl', 'female', 'Małgorzata', 'Gosia'],
  ['pl', 'female', 'Agnieszka', 'Aga'],
  ['it', 'male', 'Giuseppe', 'Beppe'],
  ['it', 'male', 'Giovanni', 'Gianni'],
  ['it', 'male', 'Salvatore', 'Totò'],
  ['it', 'male', 'Alessandro', 'Sandro'],
  ['it', 'female', 'Elisabetta', 'Betta'],
];
const NICKNAME_OF = new Map(NICKNAMES.map(([group, , formal, nick]) => [`${group}|${formal}`, nick]));

/** [male, female] pairs that edit distance 1 misses or that a locale's own list lacks. */
const SIMILAR_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['Mario', 'Maria'],
  ['Daniel', 'Daniela'],
  ['Julian', 'Juliana'],
  ['Eric', 'Erica'],
  ['Carl', 'Carla'],
  ['Brian', 'Brianna'],
  ['Patrick', 'Patricia'],
  ['Michel', 'Michelle'],
  ['Stefan', 'Stefanie'],
  ['Carlos', 'Carla'],
  ['João', 'Joana'],
  ['Jan', 'Janina'],
  ['Francesco', 'Francesca'],
  ['Joseph', 'Josephine'],
];

const AREA_CODES = ['614', '513', '216', '330', '419', '937', '740', '440', '567', '380'];
const KEYBOARD: Record<string, string> = {
  q: 'wa',
  w: 'qeas',
  e: 'wrsd',
  r: 'etdf',
  t: 'ryfg',
  y: 'tugh',
  u: 'yihj',
  i: 'uojk',
  o: 'ipkl',
  p: 'ol',
  a: 'qwsz',
  s: 'awedxz',
  d: 'serfcx',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  z: 'asx',
  x: 'zsdc',
  c: 'xdfv',
  v: 'cfgb',
  b: 'vghn',
  n: 'bhjm',
  m: 'njk',
};
// Ages are counted from a fixed day so that the output never depends on the clock.
const REF_DATE = '2026-11-23T00:00:00Z';

interface Person {
  id: number;
  locale: number;
  sex: Sex;
  first: string;
  last: string;
  birthDate: string;
  ssnLast4: string;
  phone: string;
  email: string;
  relation?: Relation;
  related: number[];
  /** how this son's records write the suffix; a father's records sometimes say Sr */
  juniorSuffix?: string;
  father?: boolean;
}

interface Context {
  rng: Faker;
  fakers: Faker[];
}

/** ASCII letters as a clerk without an accent key would type them (Đ is not decomposed by NFKD). */
function ascii(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/[ØøŁłĐđ]/g, (c) => ({ Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd' })[c]!);
}

const hasLatinLetter = (name: string) => /[A-Za-z]/.test(name.normalize('NFKD').replace(/\p{M}/gu, ''));
const cleanName = (name: string) => name.replace(/\d/g, '').replace(/\s+/g, ' ').trim();
const chance = (rng: Faker, p: number) => rng.number.float() < p;
const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A name the normalizer accepts: digits stripped, re-drawn when nothing Latin is left. */
function drawName(draw: () => string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = cleanName(draw());
    if (name && name.length <= 60 && hasLatinLetter(name)) return name;
  }
  throw new Error('population-faker: a locale gave 20 names in a row with no Latin letter');
}

/** The head of each locale's first names: its frequent names and the formal names with a nickname. */
const HEAD_FIRST = LOCALES.map((spec) => {
  const head = (sex: Sex) => [...new Set([...spec[sex], ...NICKNAMES.filter(([g, s]) => g === spec.group && s === sex).map(([, , formal]) => formal)])];
  return { female: head('female'), male: head('male') };
});
const LOCALE_WEIGHTS = LOCALES.map((spec, index) => ({ value: index, weight: spec.weight }));

function firstNameOf(ctx: Context, locale: number, sex: Sex): string {
  if (chance(ctx.rng, 0.2)) return ctx.rng.helpers.arrayElement(HEAD_FIRST[locale][sex]);
  return drawName(() => ctx.fakers[locale].person.firstName(sex));
}

function lastNameOf(ctx: Context, locale: number): string {
  if (chance(ctx.rng, 0.15)) return ctx.rng.helpers.arrayElement(LOCALES[locale].last);
  return drawName(() => ctx.fakers[locale].person.lastName());
}

const ssn4 = (rng: Faker) => String(rng.number.int({ min: 1, max: 9999 })).padStart(4, '0');
const phoneOf = (rng: Faker) =>
  `${rng.helpers.arrayElement(AREA_CODES)}${rng.number.int({ min: 2, max: 9 })}${rng.string.numeric({ length: 6, allowLeadingZeros: true })}`;

function emailOf(faker: Faker, first: string, last: string): string {
  const letters = (s: string) => ascii(s).replace(/[^A-Za-z]/g, '') || 'x';
  const raw = faker.internet.email({ firstName: letters(first), lastName: letters(last) });
  return ascii(raw)
    .toLowerCase()
    .replace(/[^a-z0-9._+@-]/g, '');
}

function birthDateOf(rng: Faker, minAge: number, maxAge: number): string {
  return rng.date.birthdate({ mode: 'age', min: minAge, max: maxAge, refDate: REF_DATE }).toISOString().slice(0, 10);
}

function shiftDate(iso: string, years: number, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y + years, m - 1, Math.min(d, daysIn(y + years, m))));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function newPerson(ctx: Context, id: number, locale: number, sex: Sex, fields: Partial<Person> = {}): Person {
  const first = fields.first ?? firstNameOf(ctx, locale, sex);
  const last = fields.last ?? lastNameOf(ctx, locale);
  return {
    id,
    locale,
    sex,
    first,
    last,
    birthDate: birthDateOf(ctx.rng, 18, 90),
    ssnLast4: ssn4(ctx.rng),
    phone: phoneOf(ctx.rng),
    email: emailOf(ctx.fakers[locale], first, last),
    related: [],
    ...fields,
  };
}

const normalizedLetters = (name: string) =>
  ascii(name)
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

function editDistanceIsOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

/** Per locale and sex: names that have an opposite-sex name one edit away, or a known pair. */
const similarCache = new Map<number, Record<Sex, Map<string, string[]>>>();
function similarNames(ctx: Context, locale: number): Record<Sex, Map<string, string[]>> {
  const cached = similarCache.get(locale);
  if (cached) return cached;
  const lists = ctx.fakers[locale].definitions.person?.first_name ?? {};
  const names = (sex: Sex) => [...new Set(((lists as Record<string, string[]>)[sex] ?? []).map(cleanName).filter(hasLatinLetter))];
  const result: Record<Sex, Map<string, string[]>> = { female: new Map(), male: new Map() };
  const add = (sex: Sex, name: string, other: string) => result[sex].set(name, [...(result[sex].get(name) ?? []), other]);
  const female = names('female');
  const male = names('male');
  const byLength = new Map<number, string[][]>();
  for (const name of female) {
    const key = normalizedLetters(name);
    byLength.set(key.length, [...(byLength.get(key.length) ?? []), [name, key]]);
  }
  for (const him of male) {
    const key = normalizedLetters(him);
    for (const length of [key.length - 1, key.length, key.length + 1]) {
      for (const [name, other] of byLength.get(length) ?? []) {
        if (editDistanceIsOne(key, other)) {
          add('male', him, name);
          add('female', name, him);
        }
      }
    }
  }
  for (const [him, her] of SIMILAR_PAIRS) {
    if (male.includes(him) || female.includes(her)) {
      add('male', him, her);
      add('female', her, him);
    }
  }
  similarCache.set(locale, result);
  return result;
}

/** Two people with shared surname, birth date and household phone; their own SSN and e-mail. */
function twins(ctx: Context, id: number, opposite: boolean): Person[] {
  const locale = pickLocale(ctx.rng);
  const sex = ctx.rng.person.sexType() as Sex;
  let first: string;
  let second: string;
  const similar = similarNames(ctx, locale)[sex];
  if (opposite && similar.size) {
    first = ctx.rng.helpers.arrayElement([...similar.keys()]);
    second = ctx.rng.helpers.arrayElement(similar.get(first)!);
  } else {
    first = firstNameOf(ctx, locale, sex);
    do second = firstNameOf(ctx, locale, sex);
    while (normalizedLetters(second) === normalizedLetters(first));
  }
  const relation: Relation = opposite ? 'TWIN_OPPOSITE_SEX_SIMILAR_NAME' : 'TWIN_SAME_SEX_SHARED_PHONE';
  const a = newPerson(ctx, id, locale, sex, { first, relation, related: [id + 1] });
  const otherSex: Sex = opposite ? (sex === 'female' ? 'male' : 'female') : sex;
  const b = newPerson(ctx, id + 1, locale, otherSex, { first: second, last: a.last, birthDate: a.birthDate, phone: a.phone, relation, related: [id] });
  while (b.ssnLast4 === a.ssnLast4) b.ssnLast4 = ssn4(ctx.rng);
  return [a, b];
}

function fatherAndSon(ctx: Context, id: number): Person[] {
  const locale = pickLocale(ctx.rng);
  const relation: Relation = 'FATHER_SON_JR_SR';
  const father = newPerson(ctx, id, locale, 'male', { relation, related: [id + 1], father: true, birthDate: birthDateOf(ctx.rng, 36, 90) });
  const fatherYear = Number(father.birthDate.slice(0, 4));
  const gap = ctx.rng.number.int({ min: 18, max: Math.min(40, 2008 - fatherYear) });
  const son = newPerson(ctx, id + 1, locale, 'male', {
    first: father.first,
    last: father.last,
    phone: father.phone,
    relation,
    related: [id],
    juniorSuffix: ctx.rng.helpers.weightedArrayElement([
      { value: ' Jr', weight: 6 },
      { value: ' Jr.', weight: 2 },
      { value: ', Jr.', weight: 1 },
      { value: ' II', weight: 2 },
    ]),
  });
  son.birthDate = `${fatherYear + gap}-${pad(ctx.rng.number.int({ min: 1, max: 12 }))}-${pad(ctx.rng.number.int({ min: 1, max: 28 }))}`;
  return [father, son];
}

/** Several people with a locale's most frequent first and last name; some born a day or a year apart. */
function commonNameCluster(ctx: Context, id: number, size: number): Person[] {
  const locale = pickLocale(ctx.rng);
  const spec = LOCALES[locale];
  const sex = ctx.rng.person.sexType() as Sex;
  const first = ctx.rng.helpers.arrayElement(spec[sex]);
  const last = ctx.rng.helpers.arrayElement(spec.last);
  const ids = Array.from({ length: size }, (_, i) => id + i);
  const members: Person[] = [];
  for (const memberId of ids) {
    const member = newPerson(ctx, memberId, locale, sex, { first, last, relation: 'COMMON_NAME', related: ids.filter((other) => other !== memberId) });
    const roll = ctx.rng.number.float();
    if (members.length && roll < 0.6) {
      const near = ctx.rng.helpers.arrayElement(members).birthDate;
      member.birthDate = roll < 0.35 ? shiftDate(near, 0, ctx.rng.helpers.arrayElement([-1, 1])) : shiftDate(near, ctx.rng.helpers.arrayElement([-1, 1]), 0);
    }
    while (members.some((other) => other.birthDate === member.birthDate)) member.birthDate = birthDateOf(ctx.rng, 18, 90);
    members.push(member);
  }
  return members;
}

function pickLocale(rng: Faker): number {
  return rng.helpers.weightedArrayElement(LOCALE_WEIGHTS);
}

function typo(rng: Faker, name: string): string {
  const letters = [...name].flatMap((c, i) => (/[A-Za-z]/.test(c) ? [i] : []));
  if (!letters.length) return name;
  const later = letters.filter((i) => i > 0);
  // A clerk's slip is rarely on the first letter, which the eye checks first.
  const at = later.length && chance(rng, 0.9) ? rng.helpers.arrayElement(later) : rng.helpers.arrayElement(letters);
  const c = name[at];
  const kind = letters.length < 3 ? rng.number.int(1) : rng.number.int(2);
  if (kind === 1) return name.slice(0, at + 1) + c.toLowerCase() + name.slice(at + 1);
  if (kind === 2) return name.slice(0, at) + name.slice(at + 1);
  const near = rng.helpers.arrayElement([...KEYBOARD[c.toLowerCase()]]);
  return name.slice(0, at) + (c === c.toUpperCase() ? near.toUpperCase() : near) + name.slice(at + 1);
}

function dayOff(rng: Faker, iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (chance(rng, 0.5)) {
    const digits = pad(d).split('');
    const position = rng.number.int(1);
    digits[position] = String((Number(digits[position]) + rng.number.int({ min: 1, max: 9 })) % 10);
    const wrong = Number(digits.join(''));
    if (wrong >= 1 && wrong <= daysIn(y, m)) return `${y}-${pad(m)}-${pad(wrong)}`;
  }
  const step = d === 1 ? 1 : d === daysIn(y, m) ? -1 : rng.helpers.arrayElement([-1, 1]);
  return `${y}-${pad(m)}-${pad(d + step)}`;
}

/** Names as a copy holds them: nickname, new or double surname, typos, accents, order. */
function copyNames(ctx: Context, person: Person, applied: Corruption[]): { first: string; last: string } {
  const { rng } = ctx;
  const group = LOCALES[person.locale].group;
  let { first, last } = person;
  // A Vietnamese given name is often shortened to its last syllable, the name a person is called by.
  const nickname = group === 'vi' ? (first.includes(' ') ? first.split(' ').at(-1) : undefined) : NICKNAME_OF.get(`${group}|${first}`);
  if (nickname && chance(rng, 0.04)) {
    first = nickname;
    applied.push('NICKNAME');
  }
  if (person.sex === 'female') {
    const roll = rng.number.float();
    const other = () => drawName(() => ctx.fakers[person.locale].person.lastName());
    if (roll < 0.04) {
      let married = other();
      while (married === last) married = other();
      last = married;
      applied.push('MARRIED_NAME');
    } else if (roll < 0.07) {
      const extra = other().split(' ')[0];
      last = chance(rng, 0.5) ? `${last}-${extra}` : `${extra}-${last}`;
      applied.push('HYPHENATED');
    }
  }
  if (chance(rng, 0.06)) {
    first = typo(rng, first);
    applied.push('FIRST_TYPO');
  }
  if (chance(rng, 0.06)) {
    last = typo(rng, last);
    applied.push('LAST_TYPO');
  }
  if (ascii(first + last) !== first + last && chance(rng, 0.3)) {
    [first, last] = [ascii(first), ascii(last)];
    applied.push('ACCENTS_DROPPED');
  }
  if (chance(rng, 0.01)) {
    [first, last] = [last, first];
    applied.push('NAME_ORDER_SWAP');
  }
  return { first, last };
}

function copyBirthDate(rng: Faker, birthDate: string, applied: Corruption[]): string {
  let date = birthDate;
  if (chance(rng, 0.03)) {
    date = shiftDate(date, rng.helpers.arrayElement([-1, 1]), 0);
    applied.push('DOB_YEAR_OFF_BY_ONE');
  }
  if (chance(rng, 0.02)) {
    date = dayOff(rng, date);
    applied.push('DOB_DAY_OFF');
  }
  const [y, m, d] = date.split('-');
  if (Number(d) <= 12 && d !== m && chance(rng, 0.015)) {
    date = `${y}-${d}-${m}`;
    applied.push('DOB_MONTH_DAY_SWAP');
  }
  return date;
}

function copySex(rng: Faker, sex: 'FEMALE' | 'MALE', applied: Corruption[]): IdentityInput['sex'] {
  const roll = rng.number.float();
  if (roll < 0.03) {
    applied.push('SEX_MISSING');
    return rng.helpers.arrayElement([null, 'NOT_SELF_IDENTIFIED'] as const);
  }
  if (roll < 0.033) {
    applied.push('SEX_MISCODED');
    return sex === 'FEMALE' ? 'MALE' : 'FEMALE';
  }
  return sex;
}

/** Each identifier is kept independently on every record; a kept phone or e-mail may be a newer one. */
function identifiers(ctx: Context, person: Person, copy: boolean, applied: Corruption[]): Pick<IdentityInput, 'ssnLast4' | 'phone' | 'email'> {
  const { rng } = ctx;
  const ssnLast4 = chance(rng, 0.5) ? person.ssnLast4 : null;
  let phone = chance(rng, 0.6) ? person.phone : null;
  let email = chance(rng, 0.45) ? person.email : null;
  if (copy && phone && chance(rng, 0.05)) {
    while (phone === person.phone) phone = phoneOf(rng);
    applied.push('PHONE_CHANGED');
  }
  if (copy && email && chance(rng, 0.1)) {
    while (email === person.email) email = emailOf(ctx.fakers[person.locale], person.first, person.last);
    applied.push('EMAIL_CHANGED');
  }
  if (!ssnLast4 && !phone && !email) applied.push('MISSING_IDENTIFIERS');
  return { ssnLast4, phone, email };
}

/** How one partner holds a person. The person's first record is clean apart from missing identifiers. */
function recordOf(ctx: Context, person: Person, copy: boolean): { identity: IdentityInput; corruptions: Corruption[] } {
  const { rng } = ctx;
  const applied: Corruption[] = [];
  const sex = person.sex === 'female' ? 'FEMALE' : 'MALE';
  const names = copy ? copyNames(ctx, person, applied) : { first: person.first, last: person.last };
  const birthDate = copy ? copyBirthDate(rng, person.birthDate, applied) : person.birthDate;
  const recordedSex = copy ? copySex(rng, sex, applied) : sex;
  const ids = identifiers(ctx, person, copy, applied);
  // Suffixes are how a clerk wrote the name, not an error, so they are not listed as corruptions.
  let lastName = names.last;
  if (person.juniorSuffix && chance(rng, 0.85)) lastName += person.juniorSuffix;
  if (person.father && chance(rng, 0.3)) lastName += ' Sr';
  return { identity: { firstName: names.first, lastName, birthDate, sex: recordedSex, ...ids }, corruptions: applied };
}

/**
 * A labelled population from faker's locales with twins, fathers and sons, and common-name
 * clusters; deterministic from the seed; records in partner-by-partner load order.
 */
export function generateFakerPopulation(options: FakerPopulationOptions): FakerLabelledRecord[] {
  const { people, partners } = options;
  const overlap = options.overlap ?? 0.3;
  if (!Number.isInteger(people) || people < 0) throw new Error('people must be a whole number, 0 or more');
  if (!partners.length || new Set(partners).size !== partners.length) throw new Error('partners must be a non-empty list without repeats');
  if (!(overlap >= 0 && overlap <= 1)) throw new Error('overlap must be between 0 and 1');

  const rng = new Faker({ locale: [en, base] });
  rng.seed(options.seed);
  const fakers = LOCALES.map((spec) => {
    const faker = new Faker({ locale: spec.definitions });
    faker.seed(rng.number.int({ min: 0, max: 2 ** 31 - 1 }));
    return faker;
  });
  const ctx: Context = { rng, fakers };

  // Exact shares for the hard cases, then shuffled so they are spread through the load.
  type Group = { kind: 'single' } | { kind: 'twins'; opposite: boolean } | { kind: 'fatherSon' } | { kind: 'cluster'; size: number };
  const groups: Group[] = [];
  const twinPairs = Math.round((people * 0.03) / 2);
  for (let i = 0; i < twinPairs; i++) groups.push({ kind: 'twins', opposite: i % 2 === 0 });
  for (let i = 0; i < Math.round((people * 0.01) / 2); i++) groups.push({ kind: 'fatherSon' });
  let clustered = Math.round(people * 0.02);
  while (clustered >= 2) {
    const size = Math.min(clustered, rng.number.int({ min: 3, max: 5 }));
    groups.push({ kind: 'cluster', size });
    clustered -= size;
  }
  // At most about 6% of the people plus rounding, so there is always room for them.
  const placed = groups.reduce((sum, g) => sum + (g.kind === 'cluster' ? g.size : 2), 0);
  for (let i = placed; i < people; i++) groups.push({ kind: 'single' });

  const persons: Person[] = [];
  for (const group of rng.helpers.shuffle(groups)) {
    const id = persons.length;
    if (group.kind === 'single') persons.push(newPerson(ctx, id, pickLocale(rng), rng.person.sexType() as Sex));
    else if (group.kind === 'twins') persons.push(...twins(ctx, id, group.opposite));
    else if (group.kind === 'fatherSon') persons.push(...fatherAndSon(ctx, id));
    else persons.push(...commonNameCluster(ctx, id, group.size));
  }

  const byPartner = new Map<string, FakerLabelledRecord[]>(partners.map((p) => [p, []]));
  const home = new Map<number, string>();
  for (const person of persons) {
    const multi = partners.length > 1 && chance(rng, overlap);
    const count = !multi ? 1 : partners.length >= 3 && chance(rng, 0.2) ? 3 : 2;
    const chosen = rng.helpers.shuffle([...partners]).slice(0, count);
    // Relatives often use the same services, so hard cases meet at one partner as well as across.
    const anchor = person.related.length ? home.get(Math.min(...person.related)) : undefined;
    if (anchor && !chosen.includes(anchor) && chance(rng, 0.7)) chosen[rng.number.int(count - 1)] = anchor;
    home.set(person.id, chosen[0]);
    chosen.forEach((partnerId, index) => {
      const { identity, corruptions } = recordOf(ctx, person, index > 0);
      byPartner.get(partnerId)!.push({
        personId: person.id,
        partnerId,
        localId: '',
        identity,
        sex: person.sex === 'female' ? 'FEMALE' : 'MALE',
        raceGroup: LOCALES[person.locale].group,
        corruptions,
        ...(person.relation ? { relation: person.relation, relatedPersonIds: [...person.related] } : {}),
      });
    });
  }
  for (const records of byPartner.values()) {
    const taken = new Set<string>();
    for (const record of records) {
      let localId: string;
      do localId = rng.string.alphanumeric({ length: 10, casing: 'upper' });
      while (taken.has(localId));
      taken.add(localId);
      record.localId = localId;
    }
  }
  return [...byPartner.values()].flat();
}
