import { gsidFromBytes, RACE_ETHNICITY_CODES, seededRandom, type RaceEthnicityCode, type Random } from '@coalition/shared';

/**
 * A synthetic coalition at scale, deterministic from a seed. People are assigned to partners
 * first (compactly, in typed arrays); each partner's rows are then produced on demand, so a
 * 48 x 50,000 coalition never sits in memory as rows.
 */
export interface ScaleOptions {
  partners: number;
  /** participant records per partner */
  perPartner: number;
  seed: number;
  /** share of people enrolled at two or more partners (default 0.2) */
  overlap?: number;
}

export interface BenchPartner {
  index: number;
  id: string;
  name: string;
  programType: 'TRAINING' | 'PLACEMENT' | 'RETENTION_COACHING';
}

/** Bumped whenever the rows a seed produces change: cached datasets carry it in their name. */
export const GENERATOR_VERSION = 2;
export const AS_OF = '2026-09-30';
const FIRST_DAY = Date.UTC(2022, 6, 1) / 86_400_000;
const AS_OF_DAY = Date.UTC(2026, 8, 30) / 86_400_000;
const SPAN_DAYS = Date.UTC(2026, 5, 30) / 86_400_000 - FIRST_DAY;
const SPELL_STEP = 330;

const PROGRAMS = ['TRAINING', 'PLACEMENT', 'RETENTION_COACHING'] as const;
const SEXES: ReadonlyArray<readonly [string, number]> = [
  ['FEMALE', 48],
  ['MALE', 47],
  ['NOT_SELF_IDENTIFIED', 5],
];
const RACES: ReadonlyArray<readonly [string, number]> = [
  ['WHITE', 40],
  ['BLACK_AFRICAN_AMERICAN', 30],
  ['HISPANIC_LATINO', 16],
  ['ASIAN', 6],
  ['AMERICAN_INDIAN_ALASKA_NATIVE', 3],
  ['MIDDLE_EASTERN_NORTH_AFRICAN', 3],
  ['NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 2],
];
const COUNTIES = ['39035', '39093', '39085', '39103', '39055', '39153', '39049', '39061'];

export function benchPartners(count: number): BenchPartner[] {
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    id: `bench-partner-${String(i + 1).padStart(2, '0')}`,
    name: `Bench Partner ${i + 1}`,
    programType: PROGRAMS[i % PROGRAMS.length],
  }));
}

/** Who is enrolled where: per partner, the people (indices) and which of their spells it holds. */
export interface Assignment {
  options: Required<ScaleOptions>;
  partners: BenchPartner[];
  people: number;
  /** per partner: person index of each record, in local-id order */
  person: Int32Array[];
  /** per partner: the record's spell number (0-based) in the person's journey */
  spell: Uint8Array[];
  /** per person: how many spells (partners) */
  spells: Uint8Array;
}

export function assignPeople(input: ScaleOptions): Assignment {
  const options: Required<ScaleOptions> = { overlap: 0.2, ...input };
  const { partners: k, perPartner: n } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`partners must be a whole number of at least 1; got ${k}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`perPartner must be a whole number of at least 1; got ${n}`);
  const random = seededRandom(options.seed);
  const partners = benchPartners(k);
  const remaining = new Int32Array(k).fill(n);
  const lists: number[][] = partners.map(() => []);
  const spellLists: number[][] = partners.map(() => []);
  const spellCount: number[] = [];
  // Shared people hold about 2.2 records each: size their number so that `overlap` of all people are shared.
  const sharedTarget = k === 1 ? 0 : Math.round((options.overlap * k * n) / (1 - options.overlap + options.overlap * 2.2));
  let person = 0;
  for (let s = 0; s < sharedTarget; s++) {
    const want = k >= 3 && random.chance(0.2) ? 3 : 2;
    const open = [];
    for (let p = 0; p < k; p++) if (remaining[p] > 0) open.push(p);
    if (open.length < 2) break;
    const chosen: number[] = [];
    while (chosen.length < Math.min(want, open.length)) {
      const p = open[random.int(0, open.length - 1)];
      if (!chosen.includes(p)) chosen.push(p);
    }
    chosen.forEach((p, spell) => {
      lists[p].push(person);
      spellLists[p].push(spell);
      remaining[p]--;
    });
    spellCount.push(chosen.length);
    person++;
  }
  for (let p = 0; p < k; p++) {
    while (remaining[p]-- > 0) {
      lists[p].push(person++);
      spellLists[p].push(0);
      spellCount.push(1);
    }
  }
  return {
    options,
    partners,
    people: person,
    person: lists.map((l) => Int32Array.from(l)),
    spell: spellLists.map((l) => Uint8Array.from(l)),
    spells: Uint8Array.from(spellCount),
  };
}

/** A bijective scramble of the person index, so GSIDs are unique without a lookup. */
export function benchGsid(seed: number, person: number): string {
  const mixed = (BigInt(person) * 0x9e3779b97f4an + BigInt(seed >>> 0)) & 0xffffffffffffn;
  const bytes = new Uint8Array(7);
  bytes[0] = 0x5a;
  for (let i = 0; i < 6; i++) bytes[6 - i] = Number((mixed >> BigInt(8 * i)) & 0xffn);
  return gsidFromBytes(bytes);
}

interface Person {
  gsid: string;
  sex: string;
  races: string[];
  birthYear: number | null;
  county: string | null;
  startDay: number;
  earnings: number;
  /** a person-level tendency to find work, so outcomes correlate across a person's spells */
  employability: number;
}

function personOf(seed: number, index: number, spells: number): Person {
  const random = seededRandom((Math.imul(index + 1, 0x2c1b3c6d) ^ seed) >>> 0);
  const raceCount = random.weighted<number>([
    [1, 88],
    [2, 9],
    [0, 3],
  ]);
  const races = new Set<string>();
  while (races.size < raceCount) races.add(random.weighted(RACES));
  return {
    gsid: benchGsid(seed, index),
    sex: random.weighted(SEXES),
    races: [...races].sort((a, b) => RACE_ETHNICITY_CODES.indexOf(a as RaceEthnicityCode) - RACE_ETHNICITY_CODES.indexOf(b as RaceEthnicityCode)),
    birthYear: random.chance(0.03) ? null : random.int(1960, 2007),
    county: random.chance(0.04) ? null : random.pick(COUNTIES),
    startDay: FIRST_DAY + random.int(0, Math.max(0, SPAN_DAYS - (spells - 1) * SPELL_STEP)),
    earnings: random.chance(0.35) ? 0 : random.int(1500, 9000),
    employability: random.next(),
  };
}

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const tsv = (value: string | number | boolean | null) => (value === null ? '\\N' : String(value));

/** One partner's rows as COPY text (tab-separated), per table; `prefix` columns lead every row. */
export interface PartnerRows {
  participants: string[];
  stageEvents: string[];
  outcomes: string[];
  links: Array<{ gsid: string; localId: string }>;
}

/** How `partnerRows` names and links records; the defaults give the dataset's own rows. */
export interface RowOptions {
  /** what every local id starts with; default `P<partner number>-` */
  localIdPrefix?: string;
  /** false: records without GSIDs and no links, as a partner's import stands before linkage runs */
  linked?: boolean;
}

/**
 * Rows of one partner. Each record is one spell of its person's journey: spells follow each
 * other about 11 months apart, so a person's records at different partners are in time order.
 */
export function partnerRows(assignment: Assignment, partnerIndex: number, options: RowOptions = {}): PartnerRows {
  const { seed } = assignment.options;
  const { localIdPrefix = `P${partnerIndex + 1}-`, linked = true } = options;
  const partner = assignment.partners[partnerIndex];
  const people = assignment.person[partnerIndex];
  const spells = assignment.spell[partnerIndex];
  const rows: PartnerRows = { participants: [], stageEvents: [], outcomes: [], links: [] };
  const partnerEffect = ((partnerIndex * 7) % 11) / 100;
  for (let r = 0; r < people.length; r++) {
    const personIndex = people[r];
    const person = personOf(seed, personIndex, assignment.spells[personIndex]);
    const random: Random = seededRandom((Math.imul(personIndex + 1, 0x27d4eb2d) ^ Math.imul(spells[r] + 1, 0x165667b1) ^ seed) >>> 0);
    const localId = `${localIdPrefix}${String(r + 1).padStart(6, '0')}`;
    const enrolled = person.startDay + spells[r] * SPELL_STEP + random.int(0, 30);
    const exitDay = enrolled + random.int(60, 240);
    const exited = exitDay <= AS_OF_DAY ? exitDay : null;
    if (linked) rows.links.push({ gsid: person.gsid, localId });
    const races = random.chance(0.04) ? [] : person.races;
    rows.participants.push(
      [
        localId,
        linked ? person.gsid : null,
        iso(enrolled),
        exited === null ? null : iso(exited),
        partner.programType,
        person.sex,
        `{${races.join(',')}}`,
        person.birthYear,
        person.county,
      ]
        .map(tsv)
        .join('\t'),
    );
    const stage = (name: string, on: number, until: number | null) => {
      if (on <= AS_OF_DAY) rows.stageEvents.push([localId, name, iso(on), until === null || until > AS_OF_DAY ? null : iso(until)].map(tsv).join('\t'));
    };
    const outcome = (code: string, value: number | boolean, period: string, wave: string, on: number) => {
      if (on > AS_OF_DAY) return;
      rows.outcomes.push(
        [localId, code, 1, typeof value === 'number' ? value : null, typeof value === 'boolean' ? value : null, period, wave, iso(on)].map(tsv).join('\t'),
      );
    };
    stage('INTAKE', enrolled, enrolled);
    outcome('EARN_PRE', person.earnings, 'BEFORE_INTAKE', 'INTAKE', enrolled);
    const completed = random.chance(0.72 + partnerEffect / 2);
    if (partner.programType === 'TRAINING') {
      stage('TRAINING', enrolled + random.int(3, 14), exited);
      if (exited !== null && completed && random.chance(0.8)) stage('CREDENTIAL', exited, null);
    } else if (partner.programType === 'PLACEMENT') {
      if (random.chance(0.78)) stage('PLACEMENT', enrolled + random.int(10, 70), null);
    } else {
      if (random.chance(0.84)) {
        stage('RETENTION_90D', enrolled + 90, null);
        if (random.chance(0.78)) stage('RETENTION_12M', enrolled + 365, null);
      }
    }
    if (exited === null) continue;
    outcome('COMPLETION', completed, 'AT_EXIT', 'EXIT', exited);
    if (partner.programType === 'TRAINING') {
      outcome('MSG', completed || random.chance(0.3), 'DURING_PROGRAM', 'EXIT', exited);
      outcome('CRED_1Y', completed && random.chance(0.8), 'WITHIN_1Y_OF_EXIT', 'FOLLOW_UP', exited + 365);
    }
    // Follow-up is not always reached: about one exit in ten has no Q2 record.
    if (random.chance(0.9)) {
      const employed = random.next() < 0.45 + 0.4 * person.employability + partnerEffect;
      outcome('EMP_Q2', employed, 'Q2_AFTER_EXIT', 'FOLLOW_UP', exited + 180);
      if (employed) outcome('EARN_Q2', random.int(4200, 15500), 'Q2_AFTER_EXIT', 'FOLLOW_UP', exited + 180);
      outcome('EMP_Q4', employed && random.chance(0.88), 'Q4_AFTER_EXIT', 'FOLLOW_UP', exited + 365);
    }
  }
  return rows;
}
