import { seededRandom, type Random, type SexCode } from '@coalition/shared';
import type { IdentityInput } from '@coalition/shared/linkage';
import { FIRST_NAMES, SURNAMES } from './names';

/** One partner record of a labelled population: what the partner holds, and who it really is. */
export interface LabelledRecord {
  personId: number;
  partnerId: string;
  localId: string;
  identity: IdentityInput;
  /** the truth, for reporting by group (the record's own sex may be missing or wrong) */
  sex: 'FEMALE' | 'MALE';
  raceGroup: string;
  /** what was done to this copy (NICKNAME, FIRST_TYPO, DOB_YEAR_OFF_BY_ONE, ...); empty for a clean one */
  corruptions?: string[];
  /** TWIN for one of a pair of twins */
  relation?: string;
  relatedPersonIds?: number[];
}

export interface PopulationOptions {
  people: number;
  seed: number;
  partners: readonly string[];
  /** share of people who are one of a pair of twins (default 0.02) */
  twinShare?: number;
  /** records per person: 1, 2 or 3 partners (weights; default 50/35/15) */
  spread?: readonly [number, number, number];
}

const GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['WHITE', 45],
  ['BLACK_AFRICAN_AMERICAN', 25],
  ['HISPANIC_LATINO', 20],
  ['ASIAN', 10],
];
const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'den',
  'sha',
  'vel',
  'tor',
  'lin',
  'bar',
  'nes',
  'qui',
  'zan',
  'mor',
  'el',
  'ast',
  'ber',
  'cha',
  'dov',
  'fen',
  'gal',
  'hux',
  'ith',
  'jor',
  'kel',
  'lum',
  'nor',
  'pel',
  'rix',
  'sto',
  'tam',
  'ul',
  'var',
  'wen',
  'yor',
];
const OCR: ReadonlyArray<readonly [string, string]> = [
  ['m', 'rn'],
  ['rn', 'm'],
  ['d', 'cl'],
  ['w', 'vv'],
  ['l', 'I'],
  ['i', 'l'],
  ['e', 'c'],
  ['o', 'a'],
  ['h', 'b'],
  ['u', 'v'],
];
const NICKNAMES: Record<string, string> = {
  William: 'Bill',
  Robert: 'Bob',
  Richard: 'Rick',
  James: 'Jim',
  Michael: 'Mike',
  Elizabeth: 'Liz',
  Margaret: 'Peggy',
  Katherine: 'Katie',
  Jennifer: 'Jen',
  Thomas: 'Tom',
  Joseph: 'Joe',
  Christopher: 'Chris',
  Daniel: 'Dan',
  Anthony: 'Tony',
  Patricia: 'Trish',
  Samuel: 'Sam',
  Alexander: 'Alex',
  Benjamin: 'Ben',
  Nicholas: 'Nick',
  Rebecca: 'Becky',
  Susan: 'Sue',
  Deborah: 'Debbie',
  Stephanie: 'Steph',
  Edward: 'Ed',
};

function zipf<T>(random: Random, items: readonly T[]): T {
  // P(rank r) proportional to 1/(r + 10): the most common name is a few percent, as in US data.
  const total = items.reduce((sum, _, i) => sum + 1 / (i + 10), 0);
  let roll = random.next() * total;
  for (let i = 0; i < items.length; i++) {
    roll -= 1 / (i + 10);
    if (roll < 0) return items[i];
  }
  return items[items.length - 1];
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
/** Half of all surnames are rare, as in real populations: made from syllables. */
const madeUpName = (random: Random, parts: number) => capitalize(Array.from({ length: parts }, () => random.pick(SYLLABLES)).join(''));

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

interface Person {
  id: number;
  first: string;
  last: string;
  year: number;
  month: number;
  day: number;
  sex: 'FEMALE' | 'MALE';
  raceGroup: string;
  ssnLast4: string;
  phone: string;
  email: string;
  /** the other twin's id, for one of a pair of twins */
  twin?: number;
}

function typo(random: Random, value: string): string {
  if (value.length < 3) return value;
  const i = random.int(1, value.length - 2);
  const letter = String.fromCharCode(97 + random.int(0, 25));
  switch (random.int(0, 3)) {
    case 0:
      return value.slice(0, i) + letter + value.slice(i + 1);
    case 1:
      return value.slice(0, i) + value.slice(i + 1);
    case 2:
      return value.slice(0, i) + letter + value.slice(i);
    default:
      return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  }
}

function ocr(random: Random, value: string): string {
  const options = OCR.filter(([from]) => value.slice(1).includes(from));
  if (!options.length) return value;
  const [from, to] = random.pick(options);
  const at = value.indexOf(from, 1);
  return value.slice(0, at) + to + value.slice(at + from.length);
}

/**
 * How one partner recorded a person, FEBRL style: typos, OCR errors, nicknames, swapped first
 * and last names, day/month swaps and wrong digits in dates, missing optional fields, a changed
 * surname, a missing sex.
 */
function recordOf(random: Random, person: Person, first: boolean): { identity: IdentityInput; corruptions: string[] } {
  let firstName = person.first;
  let lastName = person.last;
  let { year, month, day } = person;
  const corruptions: string[] = [];
  const clean = first && random.chance(0.5);
  if (!clean) {
    if (random.chance(0.07) && NICKNAMES[firstName]) {
      firstName = NICKNAMES[firstName];
      corruptions.push('NICKNAME');
    }
    if (random.chance(0.08)) {
      firstName = typo(random, firstName);
      corruptions.push('FIRST_TYPO');
    }
    if (random.chance(0.1)) {
      lastName = typo(random, lastName);
      corruptions.push('LAST_TYPO');
    }
    if (random.chance(0.03)) {
      lastName = ocr(random, lastName);
      corruptions.push('LAST_OCR');
    }
    if (random.chance(0.02)) {
      firstName = ocr(random, firstName);
      corruptions.push('FIRST_OCR');
    }
    if (random.chance(0.015)) {
      lastName = madeUpName(random, 2); // a changed surname
      corruptions.push('SURNAME_CHANGED');
    }
    if (random.chance(0.02)) {
      [firstName, lastName] = [lastName, firstName];
      corruptions.push('NAME_ORDER_SWAP');
    }
    if (random.chance(0.02) && day <= 12) {
      [month, day] = [day, month];
      corruptions.push('DOB_MONTH_DAY_SWAP');
    } else if (random.chance(0.02)) {
      day = Math.min(daysIn(year, month), Math.max(1, day + random.pick([-10, -1, 1, 10])));
      corruptions.push('DOB_DAY_OFF');
    }
    // biome-ignore lint/suspicious/noDuplicateElseIf: each chance() draws anew; the generator's output is fixed by its seed, so the chain stays as it is
    else if (random.chance(0.02)) {
      const shift = random.pick([-1, 1, -10, 10]);
      year += shift;
      corruptions.push(Math.abs(shift) === 1 ? 'DOB_YEAR_OFF_BY_ONE' : 'DOB_YEAR_OFF_BY_TEN');
    }
    day = Math.min(day, daysIn(year, month));
  }
  const sexMissing = !clean && random.chance(0.03);
  if (sexMissing) corruptions.push('SEX_MISSING');
  const identity: IdentityInput = {
    firstName,
    lastName,
    birthDate: isoDate(year, month, day),
    sex: sexMissing ? 'NOT_SELF_IDENTIFIED' : (person.sex as SexCode),
    ssnLast4: random.chance(0.45) ? person.ssnLast4 : null,
    phone: random.chance(0.55) ? person.phone : null,
    email: random.chance(0.4) ? person.email : null,
  };
  if (!identity.ssnLast4 && !identity.phone && !identity.email) corruptions.push('MISSING_IDENTIFIERS');
  return { identity, corruptions };
}

function makePerson(random: Random, id: number): Person {
  const raceGroup = random.weighted(GROUPS);
  const sex = random.chance(0.5) ? 'FEMALE' : 'MALE';
  const first = random.chance(0.25) ? madeUpName(random, random.int(2, 3)) : zipf(random, FIRST_NAMES[sex]);
  const last = random.chance(0.5) ? madeUpName(random, random.int(2, 3)) : zipf(random, SURNAMES[raceGroup]);
  const year = random.int(1950, 2008);
  const month = random.int(1, 12);
  return {
    id,
    first,
    last,
    year,
    month,
    day: random.int(1, daysIn(year, month)),
    sex,
    raceGroup,
    ssnLast4: String(random.int(1, 9999)).padStart(4, '0'),
    phone: `614${String(random.int(2000000, 9999999))}`,
    email: `p${id}.${random.int(0, 999)}@example.org`,
  };
}

/** A twin: same surname, birth date and household phone; a different first name. */
function twinOf(random: Random, person: Person, id: number): Person {
  const sex = random.chance(0.5) ? person.sex : person.sex === 'FEMALE' ? 'MALE' : 'FEMALE';
  let first = zipf(random, FIRST_NAMES[sex]);
  while (first === person.first) first = random.pick(FIRST_NAMES[sex]);
  return { ...person, id, first, sex, ssnLast4: String(random.int(1, 9999)).padStart(4, '0'), email: `p${id}.${random.int(0, 999)}@example.org` };
}

/** A population with known truth, deterministic from the seed, in partner-by-partner load order. */
export function generateLinkagePopulation(options: PopulationOptions): LabelledRecord[] {
  const random = seededRandom(options.seed);
  const [one, two, three] = options.spread ?? [50, 35, 15];
  const people: Person[] = [];
  while (people.length < options.people) {
    const person = makePerson(random, people.length);
    people.push(person);
    if (people.length < options.people && random.chance(options.twinShare ?? 0.02)) {
      person.twin = people.length;
      people.push({ ...twinOf(random, person, people.length), twin: person.id });
    }
  }
  const byPartner = new Map<string, LabelledRecord[]>(options.partners.map((p) => [p, []]));
  for (const person of people) {
    const count = Math.min(
      options.partners.length,
      random.weighted([
        [1, one],
        [2, two],
        [3, three],
      ] as const),
    );
    const partners = [...options.partners].sort(() => random.next() - 0.5).slice(0, count);
    partners.forEach((partnerId, index) => {
      const list = byPartner.get(partnerId)!;
      list.push({
        personId: person.id,
        partnerId,
        localId: `${partnerId.slice(0, 3).toUpperCase()}-${person.id}`,
        ...recordOf(random, person, index === 0),
        sex: person.sex,
        raceGroup: person.raceGroup,
        ...(person.twin === undefined ? {} : { relation: 'TWIN', relatedPersonIds: [person.twin] }),
      });
    });
  }
  return [...byPartner.values()].flat();
}
