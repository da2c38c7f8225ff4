import { Field as GqlField, Float, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '@coalition/shared/subgraph';
import { agreementOf, FIELDS, type Field, type Level, type Pattern, type Weights } from './compare';
import { matchProbability, priorOf, type Blocker, type MatchScore, type MatchThresholds } from './score';

export const NAME_FREQUENCIES = ['UNIQUE', 'UNCOMMON', 'COMMON', 'VERY_COMMON'] as const;
export type NameFrequency = (typeof NAME_FREQUENCIES)[number];

/** How many people the registry already knew by the record's full name, as a class (never the count). */
export function nameFrequencyOf(namesakes: number): NameFrequency {
  if (namesakes <= 1) return 'UNIQUE';
  if (namesakes <= 4) return 'UNCOMMON';
  if (namesakes <= 19) return 'COMMON';
  return 'VERY_COMMON';
}

/** What is kept with an automatic decision: levels, weights and classes only, never a value. */
export interface StoredEvidence {
  pattern: Pattern;
  parts: MatchScore['parts'];
  blockers: Blocker[];
  crossed: boolean;
  nameFrequency: NameFrequency;
  /** 'HAND' or the id of the weight estimate that scored it */
  weights: string;
}

/** The weights in use and the prior that turns a score into a probability. */
export interface ActiveWeights {
  label: string;
  weights: Weights;
  /** log2 prior odds of a candidate pair being a match; without an estimate, even odds at the review threshold */
  priorLogOdds: number | null;
}

export function evidenceOf(match: MatchScore, namesakes: number, weights: ActiveWeights): StoredEvidence {
  return {
    pattern: match.pattern,
    parts: match.parts,
    blockers: match.blockers,
    crossed: match.crossed,
    nameFrequency: nameFrequencyOf(namesakes),
    weights: weights.label,
  };
}

export function probabilityOf(match: MatchScore, weights: ActiveWeights, thresholds: MatchThresholds): number {
  return matchProbability(match.score, priorOf(weights.priorLogOdds, thresholds));
}

const AgreementEnum = enumObject(['AGREE', 'PARTIAL', 'DISAGREE', 'MISSING'] as const);
registerEnumType(AgreementEnum, { name: 'FieldAgreement', description: 'How two records compare on one field; values are never shown.' });
const NameFrequencyEnum = enumObject(NAME_FREQUENCIES);
registerEnumType(NameFrequencyEnum, {
  name: 'NameFrequency',
  description: 'How many people the registry already knew by the full name: UNIQUE (at most 1), UNCOMMON (2-4), COMMON (5-19), VERY_COMMON (20 or more).',
});

@ObjectType({ description: 'One field of a compared pair: the agreement, the finer level, and what it added to the score.' })
export class FieldEvidence {
  @GqlField({ description: 'first, last, dob, sex, ssn4, phone, email or suffix' })
  field!: string;

  @GqlField((_type) => AgreementEnum)
  agreement!: string;

  @GqlField({
    description:
      'The finer comparison level, e.g. KNOWN_DIFFERENT (two different names, both known given names), PART (a shared surname part), YEAR_NEAR (the same day and month a year apart).',
  })
  level!: string;

  @GqlField((_type) => Float, { description: 'Bits added to the score (negative: against).' })
  weight!: number;
}

@ObjectType({ description: 'Why resolution decided as it did: how the two records compared, field by field. Never a name, date or identifier.' })
export class LinkEvidence {
  @GqlField((_type) => [FieldEvidence])
  fields!: FieldEvidence[];

  @GqlField({ description: 'The names matched crossed (first against last).' })
  crossedNames!: boolean;

  @GqlField((_type) => Float, { description: 'Bits taken off because the full name is common (log2 of how many people carry it).' })
  nameFrequencyWeight!: number;

  @GqlField((_type) => NameFrequencyEnum)
  nameFrequency!: string;

  @GqlField((_type) => [String], {
    description:
      'What kept the pair from linking automatically, whatever its score: SEX_DIFFERS, TWIN_PROFILE (same surname and birth date, another first name, no personal identifier), SUFFIX_DIFFERS (Jr/Sr), BIRTH_YEAR_NEAR (the same day and month a year apart, no SSN4 to confirm), BIRTH_DATE_PART (one part of the birth date differs and no identifier agrees), BIRTH_DATE_DIFFERS (no SSN4 to confirm), SSN4_DIFFERS.',
  })
  blockers!: string[];

  @GqlField({ description: '"HAND" (the hand-set weights) or the id of the weight estimate that scored the pair.' })
  weights!: string;
}

export function evidenceView(stored: StoredEvidence): LinkEvidence {
  return {
    fields: FIELDS.map((field: Field) => ({
      field,
      agreement: agreementOf(stored.pattern[field] as Level),
      level: stored.pattern[field],
      weight: stored.parts[field],
    })),
    crossedNames: stored.crossed,
    nameFrequencyWeight: stored.parts.nameFrequency,
    nameFrequency: stored.nameFrequency,
    blockers: stored.blockers,
    weights: stored.weights,
  };
}
