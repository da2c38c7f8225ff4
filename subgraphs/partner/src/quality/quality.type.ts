import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '@coalition/shared/subgraph';

export const REPORTING_STATUSES = ['SUBMITTED', 'LATE', 'NOT_DUE'] as const;
export type ReportingStatus = (typeof REPORTING_STATUSES)[number];
export const ReportingStatusEnum = enumObject(REPORTING_STATUSES);
registerEnumType(ReportingStatusEnum, {
  name: 'ReportingStatus',
  description: 'SUBMITTED: data for the period is in; LATE: none, and the due date has passed; NOT_DUE: none yet, not due yet.',
});

@ObjectType({ description: "How complete one contract field is among the period's participants." })
export class FieldCompleteness {
  @Field((_type) => String) field!: string;
  @Field((_type) => Int) present!: number;
  @Field((_type) => Int, { description: 'Empty.' }) missing!: number;
  @Field((_type) => Int, { description: 'Answered "did not self-identify" (declined).' }) refused!: number;
  @Field((_type) => Int, { description: 'Answered "don\'t know". The contract has no such code yet, so always 0 today.' }) dontKnow!: number;
  @Field((_type) => Float, { description: 'present / participants, 0 when there are none.' }) share!: number;
}

@ObjectType({ description: 'Records by days from enrollment to data entry.' })
export class TimelinessBucket {
  @Field((_type) => String, { description: '0, 1-3, 4-6, 7-10 or 11+ days.' }) days!: string;
  @Field((_type) => Int) count!: number;
}

@ObjectType({ description: 'Records breaking a validity rule.' })
export class ValidityRule {
  @Field((_type) => String) rule!: string;
  @Field((_type) => Int) violations!: number;
}

@ObjectType({ description: "Values far from this partner's own distribution (beyond 3 interquartile ranges from the quartiles)." })
export class OutlierSummary {
  @Field((_type) => String) indicatorCode!: string;
  @Field((_type) => Int) values!: number;
  @Field((_type) => Int) outliers!: number;
  @Field((_type) => Float, { nullable: true }) lowerBound!: number | null;
  @Field((_type) => Float, { nullable: true }) upperBound!: number | null;
}

@ObjectType({
  description:
    "How many of the period's participants have their consent recorded. A participant without a consent row has the defaults (identity and records shared). Counts only.",
})
export class ConsentCoverage {
  @Field((_type) => Int, { description: 'Participants with a recorded consent.' }) recorded!: number;
  @Field((_type) => Int, { description: 'Participants whose identity may be shared for linkage: recorded yes, or the default.' })
  identityShared!: number;
  @Field((_type) => Int, { description: 'Participants whose records may be shown outside this partner: recorded yes, or the default.' })
  recordsShared!: number;
  @Field((_type) => Int, { description: 'Participants counted in network figures: recorded yes, or the default.' })
  inFigures!: number;
  @Field((_type) => Int, { description: 'Participants without a recorded consent, who have the defaults.' }) defaults!: number;
}

@ObjectType({ description: 'Data health of one partner for one period (participants enrolled in it). Counts only, never records.' })
export class DataQuality {
  @Field((_type) => GraphQLLocalDate) from!: string;
  @Field((_type) => GraphQLLocalDate) to!: string;
  @Field((_type) => Int) participants!: number;
  @Field((_type) => [FieldCompleteness]) completeness!: FieldCompleteness[];
  @Field((_type) => [TimelinessBucket]) timeliness!: TimelinessBucket[];
  @Field((_type) => [ValidityRule]) validity!: ValidityRule[];
  @Field((_type) => Int, { description: "Groups of this partner's records that look like one person (same GSID, or same name and birth date)." })
  duplicateGroups!: number;
  @Field((_type) => [OutlierSummary]) outliers!: OutlierSummary[];
  @Field((_type) => GraphQLDateTimeISO, { nullable: true, description: 'When a participant record was last entered or changed.' }) latestEntryAt!: Date | null;
  @Field((_type) => ConsentCoverage) consent!: ConsentCoverage;
  @Field((_type) => ReportingStatusEnum) reportingStatus!: ReportingStatus;
  @Field((_type) => GraphQLLocalDate, { description: 'The period is due this many days after it ends (the dueDays argument).' }) dueOn!: string;
}
