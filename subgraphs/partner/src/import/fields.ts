import {
  COUNTY_FIPS_PATTERN,
  INDICATOR_CODE_PATTERN,
  OUTCOME_PERIODS,
  PROGRAM_TYPES,
  RACE_ETHNICITY_CODES,
  SEX_CODES,
  STAGES,
  WAVES,
  isValidGsid,
} from '@coalition/shared';

export const IMPORT_KINDS = ['participants', 'stage_events', 'outcomes', 'survey_answers'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type FieldType = 'id' | 'date' | 'code' | 'codes' | 'year' | 'int' | 'number' | 'boolean' | 'text' | 'pattern';

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  /** For code and codes fields: the contract's code list. */
  codes?: readonly string[];
  /** For pattern fields: the check, and what it asks for in words. */
  check?: (value: string) => boolean;
  hint?: string;
  /** Header names the init command recognises for this field (lower case, no punctuation). */
  aliases: string[];
  description: string;
}

const text = (aliases: string[], description: string): FieldSpec => ({ type: 'text', aliases, description });

/** What each kind of file can carry, in the shared contract's terms. */
export const FIELDS: Record<ImportKind, Record<string, FieldSpec>> = {
  participants: {
    localId: {
      type: 'id',
      required: true,
      aliases: ['local id', 'client id', 'participant id', 'id', 'case id', 'client number'],
      description: "the partner's own id of the person",
    },
    enrolledOn: {
      type: 'date',
      required: true,
      aliases: ['enrolled on', 'enrollment date', 'start date', 'intake date', 'enrolled'],
      description: 'enrollment date',
    },
    exitedOn: { type: 'date', aliases: ['exited on', 'exit date', 'end date', 'exited'], description: 'exit date, empty while enrolled' },
    programType: { type: 'code', required: true, codes: PROGRAM_TYPES, aliases: ['program type', 'program'], description: 'program type' },
    sex: { type: 'code', required: true, codes: SEX_CODES, aliases: ['sex', 'gender'], description: 'sex as self-reported' },
    raceEthnicity: {
      type: 'codes',
      codes: RACE_ETHNICITY_CODES,
      aliases: ['race', 'race ethnicity', 'ethnicity', 'race/ethnicity'],
      description: 'race/ethnicity, several allowed',
    },
    birthDate: {
      type: 'date',
      aliases: ['birth date', 'date of birth', 'dob', 'birthdate'],
      description: 'birth date (kept at the partner; only an age band is published)',
    },
    birthYear: { type: 'year', aliases: ['birth year', 'year of birth'], description: 'birth year, when no birth date is kept' },
    countyFips: {
      type: 'pattern',
      check: (v) => COUNTY_FIPS_PATTERN.test(v),
      hint: 'a 5-digit county FIPS code',
      aliases: ['county', 'county fips', 'fips'],
      description: 'county of residence',
    },
    firstName: text(['first name', 'given name', 'first'], 'first name (identity; never leaves the partner)'),
    lastName: text(['last name', 'surname', 'family name', 'last'], 'last name (identity; never leaves the partner)'),
    ssnLast4: {
      type: 'pattern',
      check: (v) => /^[0-9]{4}$/.test(v),
      hint: 'the last four digits of an SSN',
      aliases: ['ssn last 4', 'ssn4', 'last 4 ssn', 'ssn last four'],
      description: 'last four of SSN (identity)',
    },
    phone: text(['phone', 'phone number', 'telephone', 'mobile'], 'phone (identity)'),
    email: text(['email', 'e-mail', 'email address'], 'email (identity)'),
    gsid: { type: 'pattern', check: isValidGsid, hint: 'a well-formed GSID', aliases: ['gsid'], description: 'global stakeholder ID, when already known' },
    // Consent (docs/CONSENT.md): blank keeps what is stored, or the default yes when nothing is.
    shareIdentity: {
      type: 'boolean',
      aliases: ['share identity', 'identity consent', 'consent to share identity'],
      description: 'may the identity be shared for linkage (no: no GSID, nothing sent to the registry)',
    },
    shareRecords: {
      type: 'boolean',
      aliases: ['share records', 'records consent', 'consent to share records'],
      description: 'may the records be shown outside this partner',
    },
    inFigures: {
      type: 'boolean',
      aliases: ['in figures', 'count in figures', 'figures consent'],
      description: 'may the person be counted in de-identified network figures',
    },
    consentRecordedOn: {
      type: 'date',
      aliases: ['consent recorded on', 'consent date', 'consent signed on'],
      description: 'date the consent was given or changed; required with shareIdentity, shareRecords or inFigures',
    },
  },
  stage_events: {
    localId: { type: 'id', required: true, aliases: ['local id', 'client id', 'participant id', 'id', 'case id'], description: 'local id of the participant' },
    stage: { type: 'code', required: true, codes: STAGES, aliases: ['stage', 'milestone', 'step'], description: 'pathway stage' },
    enteredOn: { type: 'date', required: true, aliases: ['entered on', 'date', 'start date', 'entered'], description: 'date the stage was entered' },
    exitedOn: { type: 'date', aliases: ['exited on', 'end date', 'left on'], description: 'date the stage was left' },
  },
  outcomes: {
    localId: { type: 'id', required: true, aliases: ['local id', 'client id', 'participant id', 'id', 'case id'], description: 'local id of the participant' },
    indicatorCode: {
      type: 'pattern',
      required: true,
      check: (v) => INDICATOR_CODE_PATTERN.test(v),
      hint: 'an indicator code such as EMP_Q2',
      aliases: ['indicator', 'indicator code', 'measure'],
      description: 'indicator code of the catalogue',
    },
    indicatorVersion: { type: 'int', aliases: ['indicator version', 'version'], description: 'indicator version (default 1)' },
    valueNumber: { type: 'number', aliases: ['value', 'amount', 'earnings', 'score'], description: 'numeric value' },
    valueBoolean: { type: 'boolean', aliases: ['yes/no', 'achieved', 'employed', 'outcome'], description: 'yes/no value' },
    period: { type: 'code', required: true, codes: OUTCOME_PERIODS, aliases: ['period'], description: 'period the value refers to' },
    wave: { type: 'code', required: true, codes: WAVES, aliases: ['wave', 'collection point'], description: 'when it was collected' },
    observedOn: { type: 'date', aliases: ['observed on', 'date', 'collected on'], description: 'date observed' },
  },
  survey_answers: {
    localId: { type: 'id', required: true, aliases: ['local id', 'client id', 'participant id', 'id', 'case id'], description: 'local id of the participant' },
    questionCode: {
      type: 'pattern',
      required: true,
      check: (v) => INDICATOR_CODE_PATTERN.test(v),
      hint: 'a question code such as CONFIDENCE',
      aliases: ['question', 'question code', 'item'],
      description: 'question code (upper case)',
    },
    answerNumber: { type: 'number', aliases: ['score', 'rating', 'answer number'], description: 'numeric answer (a score, a rating)' },
    answerBoolean: { type: 'boolean', aliases: ['yes/no answer', 'answer yes/no'], description: 'yes/no answer' },
    answerText: text(['answer', 'answer text', 'response', 'comment'], 'free-text answer (stays at the partner)'),
    wave: { type: 'code', required: true, codes: WAVES, aliases: ['wave', 'collection point'], description: 'when it was collected' },
    answeredOn: { type: 'date', aliases: ['answered on', 'date', 'survey date'], description: 'date answered' },
  },
};
