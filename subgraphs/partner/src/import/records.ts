/** The contract's records as the importer writes them (snake_case, as the tables name them), and a rejected row. */

export interface Rejection {
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface ParticipantRecord {
  local_id: string;
  gsid: string | null;
  enrolled_on: string;
  exited_on: string | null;
  program_type: string;
  sex: string;
  race_ethnicity: string[];
  birth_year: number | null;
  county_fips: string | null;
  identity: {
    first_name: string | null;
    last_name: string | null;
    birth_date: string | null;
    ssn_last4: string | null;
    phone: string | null;
    email: string | null;
  };
  /**
   * The row's consent, when it gave any (a blank share field is null: the stored value, or the
   * default yes, is kept). Absent: the row says nothing and any stored consent stays as it is.
   */
  consent?: ParticipantConsent;
}
export interface ParticipantConsent {
  share_identity: boolean | null;
  share_records: boolean | null;
  in_figures: boolean | null;
  recorded_on: string;
}
/** The linkage summary's reason for a participant whose identity may not leave the partner. */
export const NO_IDENTITY_CONSENT = 'no consent to share identity';
export interface StageEventRecord {
  participant_local_id: string;
  stage: string;
  entered_on: string;
  exited_on: string | null;
}
export interface OutcomeRecord {
  participant_local_id: string;
  indicator_code: string;
  indicator_version: number;
  value_number: number | null;
  value_boolean: boolean | null;
  period: string;
  wave: string;
  observed_on: string | null;
}
export interface SurveyAnswerRecord {
  participant_local_id: string;
  question_code: string;
  answer_number: number | null;
  answer_boolean: boolean | null;
  answer_text: string | null;
  wave: string;
  answered_on: string | null;
}
export type ImportRecord = ParticipantRecord | StageEventRecord | OutcomeRecord | SurveyAnswerRecord;
