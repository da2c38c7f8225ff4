import {
  gsidFromBytes,
  seededRandom,
  RACE_ETHNICITY_CODES,
  type OutcomePeriod,
  type RaceEthnicityCode,
  type Random,
  type SexCode,
  type Stage,
  type Wave,
} from '@coalition/shared';

export const DEMO_PARTNERS: readonly PartnerSpec[] = [
  { id: 'northside-training', name: 'Northside Skills Academy', programType: 'TRAINING', localIdPrefix: 'NSA-' },
  { id: 'bridgeway-placement', name: 'Bridgeway Staffing Partners', programType: 'PLACEMENT', localIdPrefix: 'BW' },
  { id: 'steadypath-coaching', name: 'Steady Path Retention Coaching', programType: 'RETENTION_COACHING', localIdPrefix: 'SPC/' },
];

import type { DemoCoalition, PartnerSpec, PartnerData, PersonTruth } from './coalition-data';
import { answerStyle, generateAnswer } from './answers';

export type { DemoCoalition, OutcomeRow, PartnerSpec, ParticipantRow, PartnerData, PersonTruth, StageEventRow, SurveyAnswerRow } from './coalition-data';

const COUNTIES = ['39035', '39093', '39085', '39103', '39055', '39153'];
/** Data is "as of" this date: nothing is observed after it. */
export const AS_OF = '2026-09-30';

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const observed = (iso: string) => (iso <= AS_OF ? iso : null);

function pickRaces(random: Random): RaceEthnicityCode[] {
  const count = random.weighted<number>([
    [1, 88],
    [2, 9],
    [0, 3],
  ]);
  const races = new Set<RaceEthnicityCode>();
  while (races.size < count) {
    races.add(
      random.weighted<RaceEthnicityCode>([
        ['WHITE', 40],
        ['BLACK_AFRICAN_AMERICAN', 30],
        ['HISPANIC_LATINO', 16],
        ['ASIAN', 6],
        ['AMERICAN_INDIAN_ALASKA_NATIVE', 3],
        ['MIDDLE_EASTERN_NORTH_AFRICAN', 3],
        ['NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 2],
      ]),
    );
  }
  return [...races].sort((a, b) => RACE_ETHNICITY_CODES.indexOf(a) - RACE_ETHNICITY_CODES.indexOf(b));
}

interface Person {
  sex: SexCode;
  races: RaceEthnicityCode[];
  birthYear: number | null;
  county: string | null;
}

function drawPerson(random: Random): Person {
  return {
    sex: random.weighted<SexCode>([
      ['FEMALE', 48],
      ['MALE', 47],
      ['NOT_SELF_IDENTIFIED', 5],
    ]),
    races: pickRaces(random),
    birthYear: random.chance(0.03) ? null : random.int(1962, 2007),
    county: random.chance(0.04) ? null : random.pick(COUNTIES),
  };
}

/** The generator's state across people: its two random streams, each partner's tables, local id counters. */
interface GeneratorState {
  random: Random;
  /**
   * Survey answers and returning trainees draw from their own stream, so the rest of the data
   * (and every local id) is what it was before they were added.
   */
  extra: Random;
  /** Free-text answers draw from a third stream, so adding them changed no other record. */
  answers: Random;
  data: Map<string, PartnerData>;
  counters: Map<string, number>;
}

/** Writes one person's records into the partners' tables and the ground truth; nothing dated after AS_OF. */
class PersonRecords {
  /** Self-rated job-search confidence (1 to 10), asked at the first intake and at placement exit. */
  private confidence: number | null = null;

  constructor(
    readonly state: GeneratorState,
    private readonly person: Person,
    private readonly truth: PersonTruth,
  ) {}

  enroll(partner: PartnerSpec, enrolledOn: string, exitedOn: string | null, returning = false): string {
    const { counters, data, random } = this.state;
    const counter = returning ? `${partner.id} returning` : partner.id;
    const n = (counters.get(counter) ?? 0) + 1;
    counters.set(counter, n);
    const localId = `${partner.localIdPrefix}${returning ? 'R' : ''}${String(n).padStart(5, '0')}`;
    data.get(partner.id)!.participants.push({
      local_id: localId,
      gsid: this.truth.gsid,
      enrolled_on: enrolledOn,
      exited_on: exitedOn && observed(exitedOn),
      program_type: partner.programType,
      sex: this.person.sex,
      // Partners do not always capture race/ethnicity.
      race_ethnicity: random.chance(0.04) ? [] : this.person.races,
      birth_year: this.person.birthYear,
      county_fips: this.person.county,
    });
    this.truth.records.push({ partnerId: partner.id, localId });
    return localId;
  }

  /** Whether the stage was reached by AS_OF (and so recorded). */
  stage(partner: PartnerSpec, localId: string, stage: Stage, enteredOn: string, exitedOn: string | null): boolean {
    if (enteredOn > AS_OF) return false;
    const event = { participant_local_id: localId, stage, entered_on: enteredOn, exited_on: exitedOn && observed(exitedOn) };
    this.state.data.get(partner.id)!.stageEvents.push(event);
    return true;
  }

  outcome(partner: PartnerSpec, localId: string, code: string, value: number | boolean, period: OutcomePeriod, wave: Wave, on: string): void {
    if (on > AS_OF) return;
    this.state.data.get(partner.id)!.outcomes.push({
      participant_local_id: localId,
      indicator_code: code,
      indicator_version: 1,
      value_number: typeof value === 'number' ? value : null,
      value_boolean: typeof value === 'boolean' ? value : null,
      period,
      wave,
      observed_on: on,
    });
  }

  askIntake(partner: PartnerSpec, localId: string, on: string): void {
    const { extra } = this.state;
    if (this.confidence !== null || !extra.chance(0.85)) return;
    this.confidence = extra.int(1, 8);
    this.survey(partner, localId, 'INTAKE', this.confidence, on);
  }

  askAtExit(partner: PartnerSpec, localId: string, placed: boolean, on: string): void {
    const { extra } = this.state;
    if (this.confidence === null || !extra.chance(0.8)) return;
    const change = placed ? extra.int(-1, 4) : extra.int(-3, 2);
    this.survey(partner, localId, 'EXIT', Math.min(10, Math.max(1, this.confidence + change)), on);
  }

  /**
   * The open question (BARRIERS_HELPS: what made it hard, what helped), asked at intake and at
   * exit; most people answer. Each partner's participants write in its own way (demo/src/answers.ts).
   */
  askOpen(partner: PartnerSpec, localId: string, wave: 'INTAKE' | 'EXIT', on: string | null): void {
    const { answers } = this.state;
    if (!on || on > AS_OF || !answers.chance(wave === 'INTAKE' ? 0.75 : 0.65)) return;
    const { text } = generateAnswer(answers, answerStyle(partner.id), wave);
    const answer = { participant_local_id: localId, question_code: 'BARRIERS_HELPS', answer_number: null, answer_text: text, wave, answered_on: on };
    this.state.data.get(partner.id)!.surveyAnswers.push(answer);
  }

  private survey(partner: PartnerSpec, localId: string, wave: Wave, score: number, on: string): void {
    if (on > AS_OF) return;
    const answer = { participant_local_id: localId, question_code: 'CONFIDENCE', answer_number: score, wave, answered_on: on };
    this.state.data.get(partner.id)!.surveyAnswers.push(answer);
  }
}

const [TRAINING, PLACEMENT, COACHING] = DEMO_PARTNERS;

/** A training spell for most people; returns when they are ready for placement, if ever. */
function trainingSpell(records: PersonRecords): string | null {
  const { random } = records.state;
  const preEarnings = random.chance(0.35) ? 0 : random.int(1500, 9000);
  if (!random.chance(0.72)) return addDays('2024-02-01', random.int(0, 600));
  const enrolledOn = addDays('2024-01-08', random.int(0, 540));
  const exitedOn = addDays(enrolledOn, random.int(60, 200));
  const localId = records.enroll(TRAINING, enrolledOn, exitedOn);
  records.stage(TRAINING, localId, 'INTAKE', enrolledOn, enrolledOn);
  records.askIntake(TRAINING, localId, enrolledOn);
  records.askOpen(TRAINING, localId, 'INTAKE', enrolledOn);
  records.askOpen(TRAINING, localId, 'EXIT', exitedOn);
  records.stage(TRAINING, localId, 'TRAINING', addDays(enrolledOn, random.int(3, 14)), exitedOn);
  records.outcome(TRAINING, localId, 'EARN_PRE', preEarnings, 'BEFORE_INTAKE', 'INTAKE', enrolledOn);
  const completed = random.chance(0.74);
  records.outcome(TRAINING, localId, 'MSG', completed || random.chance(0.3), 'DURING_PROGRAM', 'EXIT', exitedOn);
  records.outcome(TRAINING, localId, 'COMPLETION', completed, 'AT_EXIT', 'EXIT', exitedOn);
  const credential = completed && random.chance(0.8);
  if (credential) records.stage(TRAINING, localId, 'CREDENTIAL', exitedOn, null);
  records.outcome(TRAINING, localId, 'CRED_1Y', credential, 'WITHIN_1Y_OF_EXIT', 'FOLLOW_UP', addDays(exitedOn, 365));
  return completed && random.chance(0.72) ? addDays(exitedOn, random.int(3, 30)) : null;
}

/** A placement spell from `ready`; returns the day the person was placed, if they were by AS_OF. */
function placementSpell(records: PersonRecords, ready: string): string | null {
  const { random } = records.state;
  const placedAfter = random.int(10, 70);
  const placed = random.chance(0.78);
  const placementExit = addDays(ready, placed ? placedAfter : 120);
  const localId = records.enroll(PLACEMENT, ready, placementExit);
  records.stage(PLACEMENT, localId, 'INTAKE', ready, ready);
  records.askIntake(PLACEMENT, localId, ready);
  records.askAtExit(PLACEMENT, localId, placed, placementExit);
  records.askOpen(PLACEMENT, localId, 'INTAKE', ready);
  records.askOpen(PLACEMENT, localId, 'EXIT', placementExit);
  if (placed) returnToTraining(records, placementExit);
  if (!placed) {
    records.outcome(PLACEMENT, localId, 'EMP_Q2', random.chance(0.25), 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
    return null;
  }
  const placedOn = addDays(ready, placedAfter);
  if (!records.stage(PLACEMENT, localId, 'PLACEMENT', placedOn, null)) return null;
  const employedQ2 = random.chance(0.86);
  const earningsQ2 = random.int(5200, 14500);
  records.outcome(PLACEMENT, localId, 'EMP_Q2', employedQ2, 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
  if (employedQ2) records.outcome(PLACEMENT, localId, 'EARN_Q2', earningsQ2, 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
  records.outcome(PLACEMENT, localId, 'EMP_Q4', employedQ2 && random.chance(0.88), 'Q4_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 365));
  return placedOn;
}

/** A few placed people come back to the training partner to upskill: a third spell, back at the first partner. */
function returnToTraining(records: PersonRecords, placementExit: string): void {
  const { extra } = records.state;
  if (!extra.chance(0.05)) return;
  const back = addDays(placementExit, extra.int(30, 120));
  if (back > AS_OF) return;
  const returnExit = addDays(back, extra.int(40, 120));
  const again = records.enroll(TRAINING, back, returnExit, true);
  records.stage(TRAINING, again, 'INTAKE', back, back);
  records.stage(TRAINING, again, 'TRAINING', addDays(back, extra.int(2, 10)), returnExit);
}

/** Retention coaching for two in three placed people. */
function coachingSpell(records: PersonRecords, placedOn: string): void {
  const { random } = records.state;
  if (!random.chance(0.66)) return;
  const coachingStart = addDays(placedOn, random.int(0, 14));
  if (coachingStart > AS_OF) return;
  const retained90 = random.chance(0.84);
  const retained12 = retained90 && random.chance(0.78);
  const coachingExit = addDays(placedOn, retained90 ? 365 : random.int(20, 89));
  const coachingId = records.enroll(COACHING, coachingStart, coachingExit);
  records.stage(COACHING, coachingId, 'INTAKE', coachingStart, coachingStart);
  records.askOpen(COACHING, coachingId, 'INTAKE', coachingStart);
  records.askOpen(COACHING, coachingId, 'EXIT', coachingExit);
  if (retained90) records.stage(COACHING, coachingId, 'RETENTION_90D', addDays(placedOn, 90), null);
  if (retained12) records.stage(COACHING, coachingId, 'RETENTION_12M', addDays(placedOn, 365), null);
}

/**
 * A synthetic workforce coalition, deterministic from `seed`: people move from training to
 * placement to retention coaching, some starting at placement, many dropping out on the way.
 */
export function generateCoalition(options: { seed?: number; people?: number } = {}): DemoCoalition {
  const seed = options.seed ?? 2026;
  const state: GeneratorState = {
    random: seededRandom(seed),
    extra: seededRandom(seed + 7919),
    answers: seededRandom(seed + 104_729),
    data: new Map(DEMO_PARTNERS.map((p) => [p.id, { participants: [], stageEvents: [], outcomes: [], surveyAnswers: [] }])),
    counters: new Map(DEMO_PARTNERS.map((p) => [p.id, 0])),
  };
  const { random } = state;
  const people: PersonTruth[] = [];
  const gsids = new Set<string>();
  for (let i = 0; i < (options.people ?? 400); i++) {
    let gsid = gsidFromBytes(random.bytes(7));
    while (gsids.has(gsid)) gsid = gsidFromBytes(random.bytes(7));
    gsids.add(gsid);
    const person = drawPerson(random);
    const truth: PersonTruth = { gsid, sex: person.sex, records: [] };
    people.push(truth);
    const records = new PersonRecords(state, person, truth);
    const ready = trainingSpell(records);
    if (!ready || ready > AS_OF) continue;
    const placedOn = placementSpell(records, ready);
    if (placedOn) coachingSpell(records, placedOn);
  }
  return { seed, partners: DEMO_PARTNERS, data: state.data, people };
}
