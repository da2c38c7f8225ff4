import { registerEnumType } from 'type-graphql';
import { AGE_BANDS, OUTCOME_PERIODS, PROGRAM_TYPES, RACE_ETHNICITY_CODES, RACE_GROUPS, SEX_CODES, STAGES, WAVES } from '../contract';
import { DIMENSIONS } from '../dimensions';
import { INDICATOR_KIND_CODES } from '../kinds';

/** A GraphQL enum object ({ A: 'A', ... }) from a code list. */
export function enumObject<T extends string>(codes: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(codes.map((code) => [code, code])) as { [K in T]: K };
}

// GraphQL enums built from the contract's code lists, so the SDL can never drift from them.
export const SexEnum = enumObject(SEX_CODES);
export const RaceEthnicityEnum = enumObject(RACE_ETHNICITY_CODES);
export const RaceGroupEnum = enumObject(RACE_GROUPS);
export const ProgramTypeEnum = enumObject(PROGRAM_TYPES);
export const StageEnum = enumObject(STAGES);
export const WaveEnum = enumObject(WAVES);
export const OutcomePeriodEnum = enumObject(OUTCOME_PERIODS);
export const AgeBandEnum = enumObject(AGE_BANDS);
// Built from the dimension and kind modules' registries (the built-in ones, at start-up).
export const DimensionEnum = enumObject(DIMENSIONS);
export const IndicatorKindEnum = enumObject(INDICATOR_KIND_CODES);

registerEnumType(SexEnum, { name: 'Sex', description: 'Sex as self-reported at intake; NOT_SELF_IDENTIFIED is an answer, not a missing value.' });
registerEnumType(RaceEthnicityEnum, { name: 'RaceEthnicity', description: 'Race/ethnicity codes; a person may hold several.' });
registerEnumType(RaceGroupEnum, {
  name: 'RaceGroup',
  description: 'Single-valued race/ethnicity group for counts: the one code chosen, MULTIRACIAL for two or more, NOT_REPORTED for none.',
});
registerEnumType(ProgramTypeEnum, { name: 'ProgramType', description: 'The kind of program a participant enrolled in.' });
registerEnumType(StageEnum, { name: 'Stage', description: 'Pathway stages, in pathway order.' });
registerEnumType(WaveEnum, { name: 'Wave', description: 'When an outcome was collected.' });
registerEnumType(OutcomePeriodEnum, { name: 'OutcomePeriod', description: 'The period an outcome value refers to.' });
registerEnumType(AgeBandEnum, { name: 'AgeBand', description: 'Age at enrollment, in WIOA reporting bands.' });
registerEnumType(DimensionEnum, { name: 'Dimension', description: 'A dimension a network count can be disaggregated by.' });
