/** What the demo generator produces: each partner's rows, and the ground truth of who is who. */
import type { OutcomePeriod, ProgramType, RaceEthnicityCode, SexCode, Stage, Wave } from '@coalition/shared';

export interface PartnerSpec {
  id: string;
  name: string;
  programType: ProgramType;
  localIdPrefix: string;
}

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
  /** a number (CONFIDENCE) or a free-text answer (BARRIERS_HELPS, coded at the partner: docs/THEMES.md) */
  answer_number: number | null;
  answer_text?: string | null;
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
