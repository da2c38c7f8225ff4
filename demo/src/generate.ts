import {
  cohortOf, gsidFromBytes, seededRandom, RACE_ETHNICITY_CODES,
  type OutcomePeriod, type ProgramType, type RaceEthnicityCode, type Random, type SexCode, type Stage, type Wave,
} from '@coalition/shared';

export interface PartnerSpec {
  id: string;
  name: string;
  programType: ProgramType;
  localIdPrefix: string;
}

export const DEMO_PARTNERS: readonly PartnerSpec[] = [
  { id: 'northside-training', name: 'Northside Skills Academy', programType: 'TRAINING', localIdPrefix: 'NSA-' },
  { id: 'bridgeway-placement', name: 'Bridgeway Staffing Partners', programType: 'PLACEMENT', localIdPrefix: 'BW' },
  { id: 'steadypath-coaching', name: 'Steady Path Retention Coaching', programType: 'RETENTION_COACHING', localIdPrefix: 'SPC/' },
];

export interface ParticipantRow {
  local_id: string;
  gsid: string;
  enrolled_on: string;
  exited_on: string | null;
  program_type: ProgramType;
  sex: SexCode;
  race_ethnicity: RaceEthnicityCode[];
  birth_year: number | null;
  county_fips: string | null;
}

export interface StageEventRow {
  participant_local_id: string;
  stage: Stage;
  entered_on: string;
  exited_on: string | null;
}

export interface OutcomeRow {
  participant_local_id: string;
  indicator_code: string;
  indicator_version: number;
  value_number: number | null;
  value_boolean: boolean | null;
  period: OutcomePeriod;
  wave: Wave;
  observed_on: string | null;
}

export interface SurveyAnswerRow {
  participant_local_id: string;
  question_code: string;
  answer_number: number;
  wave: Wave;
  answered_on: string;
}

export interface PartnerData {
  participants: ParticipantRow[];
  stageEvents: StageEventRow[];
  outcomes: OutcomeRow[];
  surveyAnswers: SurveyAnswerRow[];
}

/** The truth the generator knows and the system must rediscover: who is who across partners. */
export interface PersonTruth {
  gsid: string;
  sex: SexCode;
  records: Array<{ partnerId: string; localId: string }>;
}

export interface DemoCoalition {
  seed: number;
  partners: readonly PartnerSpec[];
  data: Map<string, PartnerData>;
  people: PersonTruth[];
}

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
  const count = random.weighted<number>([[1, 88], [2, 9], [0, 3]]);
  const races = new Set<RaceEthnicityCode>();
  while (races.size < count) {
    races.add(random.weighted<RaceEthnicityCode>([
      ['WHITE', 40], ['BLACK_AFRICAN_AMERICAN', 30], ['HISPANIC_LATINO', 16], ['ASIAN', 6],
      ['AMERICAN_INDIAN_ALASKA_NATIVE', 3], ['MIDDLE_EASTERN_NORTH_AFRICAN', 3], ['NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 2],
    ]));
  }
  return [...races].sort((a, b) => RACE_ETHNICITY_CODES.indexOf(a) - RACE_ETHNICITY_CODES.indexOf(b));
}

/**
 * A synthetic workforce coalition, deterministic from `seed`: people move from training to
 * placement to retention coaching, some starting at placement, many dropping out on the way.
 */
export function generateCoalition(options: { seed?: number; people?: number } = {}): DemoCoalition {
  const seed = options.seed ?? 2026;
  const random = seededRandom(seed);
  // Survey answers and returning trainees draw from their own stream, so the rest of the data
  // (and every local id) is what it was before they were added.
  const extra = seededRandom(seed + 7919);
  const [training, placement, coaching] = DEMO_PARTNERS;
  const data = new Map<string, PartnerData>(DEMO_PARTNERS.map((p) => [p.id, { participants: [], stageEvents: [], outcomes: [], surveyAnswers: [] }]));
  const counters = new Map<string, number>(DEMO_PARTNERS.map((p) => [p.id, 0]));
  const people: PersonTruth[] = [];
  const gsids = new Set<string>();

  for (let i = 0; i < (options.people ?? 400); i++) {
    let gsid = gsidFromBytes(random.bytes(7));
    while (gsids.has(gsid)) gsid = gsidFromBytes(random.bytes(7));
    gsids.add(gsid);
    const person = {
      sex: random.weighted<SexCode>([['FEMALE', 48], ['MALE', 47], ['NOT_SELF_IDENTIFIED', 5]]),
      races: pickRaces(random),
      birthYear: random.chance(0.03) ? null : random.int(1962, 2007),
      county: random.chance(0.04) ? null : random.pick(COUNTIES),
    };
    const truth: PersonTruth = { gsid, sex: person.sex, records: [] };
    people.push(truth);

    const enroll = (partner: PartnerSpec, enrolledOn: string, exitedOn: string | null, returning = false) => {
      const counter = returning ? `${partner.id} returning` : partner.id;
      const n = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, n);
      const localId = `${partner.localIdPrefix}${returning ? 'R' : ''}${String(n).padStart(5, '0')}`;
      data.get(partner.id)!.participants.push({
        local_id: localId, gsid, enrolled_on: enrolledOn, exited_on: exitedOn && observed(exitedOn),
        program_type: partner.programType, sex: person.sex,
        // Partners do not always capture race/ethnicity.
        race_ethnicity: random.chance(0.04) ? [] : person.races,
        birth_year: person.birthYear, county_fips: person.county,
      });
      truth.records.push({ partnerId: partner.id, localId });
      return localId;
    };
    const stage = (partner: PartnerSpec, localId: string, s: Stage, enteredOn: string, exitedOn: string | null) => {
      if (enteredOn > AS_OF) return false;
      data.get(partner.id)!.stageEvents.push({ participant_local_id: localId, stage: s, entered_on: enteredOn, exited_on: exitedOn && observed(exitedOn) });
      return true;
    };
    const outcome = (partner: PartnerSpec, localId: string, code: string, value: number | boolean, period: OutcomePeriod, wave: Wave, on: string) => {
      if (on > AS_OF) return;
      data.get(partner.id)!.outcomes.push({
        participant_local_id: localId, indicator_code: code, indicator_version: 1,
        value_number: typeof value === 'number' ? value : null, value_boolean: typeof value === 'boolean' ? value : null,
        period, wave, observed_on: on,
      });
    };

    // Self-rated job-search confidence (1 to 10), asked at the first intake and at placement exit.
    let confidence: number | null = null;
    const survey = (partner: PartnerSpec, localId: string, wave: Wave, score: number, on: string) => {
      if (on > AS_OF) return;
      data.get(partner.id)!.surveyAnswers.push({ participant_local_id: localId, question_code: 'CONFIDENCE', answer_number: score, wave, answered_on: on });
    };
    const askIntake = (partner: PartnerSpec, localId: string, on: string) => {
      if (confidence !== null || !extra.chance(0.85)) return;
      confidence = extra.int(1, 8);
      survey(partner, localId, 'INTAKE', confidence, on);
    };

    const preEarnings = random.chance(0.35) ? 0 : random.int(1500, 9000);
    let readyForPlacement: string | null = null;
    if (random.chance(0.72)) {
      const enrolledOn = addDays('2024-01-08', random.int(0, 540));
      const exitedOn = addDays(enrolledOn, random.int(60, 200));
      const localId = enroll(training, enrolledOn, exitedOn);
      stage(training, localId, 'INTAKE', enrolledOn, enrolledOn);
      askIntake(training, localId, enrolledOn);
      stage(training, localId, 'TRAINING', addDays(enrolledOn, random.int(3, 14)), exitedOn);
      outcome(training, localId, 'EARN_PRE', preEarnings, 'BEFORE_INTAKE', 'INTAKE', enrolledOn);
      const completed = random.chance(0.74);
      outcome(training, localId, 'MSG', completed || random.chance(0.3), 'DURING_PROGRAM', 'EXIT', exitedOn);
      outcome(training, localId, 'COMPLETION', completed, 'AT_EXIT', 'EXIT', exitedOn);
      const credential = completed && random.chance(0.8);
      if (credential) stage(training, localId, 'CREDENTIAL', exitedOn, null);
      outcome(training, localId, 'CRED_1Y', credential, 'WITHIN_1Y_OF_EXIT', 'FOLLOW_UP', addDays(exitedOn, 365));
      if (completed && random.chance(0.72)) readyForPlacement = addDays(exitedOn, random.int(3, 30));
    } else {
      readyForPlacement = addDays('2024-02-01', random.int(0, 600));
    }
    if (!readyForPlacement || readyForPlacement > AS_OF) continue;

    const placedAfter = random.int(10, 70);
    const placed = random.chance(0.78);
    const placementExit = addDays(readyForPlacement, placed ? placedAfter : 120);
    const localId = enroll(placement, readyForPlacement, placementExit);
    stage(placement, localId, 'INTAKE', readyForPlacement, readyForPlacement);
    askIntake(placement, localId, readyForPlacement);
    if (confidence !== null && extra.chance(0.8)) {
      const change = placed ? extra.int(-1, 4) : extra.int(-3, 2);
      survey(placement, localId, 'EXIT', Math.min(10, Math.max(1, confidence + change)), placementExit);
    }
    // A few placed people come back to the training partner to upskill: a third spell, back at the first partner.
    if (placed && extra.chance(0.05)) {
      const back = addDays(placementExit, extra.int(30, 120));
      if (back <= AS_OF) {
        const returnExit = addDays(back, extra.int(40, 120));
        const again = enroll(training, back, returnExit, true);
        stage(training, again, 'INTAKE', back, back);
        stage(training, again, 'TRAINING', addDays(back, extra.int(2, 10)), returnExit);
      }
    }
    if (!placed) {
      outcome(placement, localId, 'EMP_Q2', random.chance(0.25), 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
      continue;
    }
    const placedOn = addDays(readyForPlacement, placedAfter);
    if (!stage(placement, localId, 'PLACEMENT', placedOn, null)) continue;
    const employedQ2 = random.chance(0.86);
    const earningsQ2 = random.int(5200, 14500);
    outcome(placement, localId, 'EMP_Q2', employedQ2, 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
    if (employedQ2) outcome(placement, localId, 'EARN_Q2', earningsQ2, 'Q2_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 180));
    outcome(placement, localId, 'EMP_Q4', employedQ2 && random.chance(0.88), 'Q4_AFTER_EXIT', 'FOLLOW_UP', addDays(placementExit, 365));

    if (!random.chance(0.66)) continue;
    const coachingStart = addDays(placedOn, random.int(0, 14));
    if (coachingStart > AS_OF) continue;
    const retained90 = random.chance(0.84);
    const retained12 = retained90 && random.chance(0.78);
    const coachingExit = addDays(placedOn, retained90 ? 365 : random.int(20, 89));
    const coachingId = enroll(coaching, coachingStart, coachingExit);
    stage(coaching, coachingId, 'INTAKE', coachingStart, coachingStart);
    if (retained90) stage(coaching, coachingId, 'RETENTION_90D', addDays(placedOn, 90), null);
    if (retained12) stage(coaching, coachingId, 'RETENTION_12M', addDays(placedOn, 365), null);
  }
  return { seed, partners: DEMO_PARTNERS, data, people };
}
