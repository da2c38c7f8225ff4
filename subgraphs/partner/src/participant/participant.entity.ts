import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProgramTypeEnum, RaceEthnicityEnum, SexEnum } from '@coalition/shared/subgraph';
import type { ProgramType, RaceEthnicityCode, SexCode } from '@coalition/shared';

/**
 * A partner-local participant record. partnerId and ageBand are resolved fields; birthYear
 * stays private (only its age band is published).
 */
@Directive('@key(fields: "partnerId localId")')
@ObjectType({ description: 'A participant as one partner records them. The same person at another partner is another record under the same GSID.' })
@Entity({ name: 'participant' })
export class Participant {
  @Field((_type) => ID, { description: "The partner's own id for this record." })
  @PrimaryColumn({ type: 'text', name: 'local_id' })
  localId!: string;

  @Field((_type) => ID, { nullable: true, description: 'Global stakeholder ID; null until the registry has linked the record.' })
  @Column({ type: 'text', nullable: true })
  gsid!: string | null;

  @Field((_type) => GraphQLLocalDate)
  @Column({ type: 'date', name: 'enrolled_on' })
  enrolledOn!: string;

  @Field((_type) => GraphQLLocalDate, { nullable: true })
  @Column({ type: 'date', name: 'exited_on', nullable: true })
  exitedOn!: string | null;

  @Field((_type) => ProgramTypeEnum)
  @Column({ type: 'text', name: 'program_type' })
  programType!: ProgramType;

  @Field((_type) => SexEnum)
  @Column({ type: 'text' })
  sex!: SexCode;

  @Field((_type) => [RaceEthnicityEnum], { description: 'Every race/ethnicity the person selected (multi-select).' })
  @Column({ type: 'text', name: 'race_ethnicity', array: true })
  raceEthnicity!: RaceEthnicityCode[];

  @Column({ type: 'integer', name: 'birth_year', nullable: true })
  birthYear!: number | null;

  @Field((_type) => String, { nullable: true, description: 'County of residence at enrollment, 5-digit FIPS code.' })
  @Column({ type: 'text', name: 'county_fips', nullable: true })
  countyFips!: string | null;

  @Field((_type) => String, { description: 'Enrollment quarter, e.g. 2025Q3.' })
  @Column({ type: 'text', insert: false, update: false })
  cohort!: string;
}
