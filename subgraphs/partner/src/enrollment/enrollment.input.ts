import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { ProgramType, RaceEthnicityCode, SexCode } from '@coalition/shared';
import { ProgramTypeEnum, RaceEthnicityEnum, SexEnum } from '@coalition/shared/subgraph';
import { Participant } from '../participant/participant.entity';
import { ConsentInput } from '../participant/consent';

@InputType({
  description:
    "A person enrolling with this partner. Names, birth date and identifiers stay in this partner's database; only keyed linkage tokens reach the registry.",
})
export class EnrollParticipantInput {
  @Field((_type) => ID, { description: "The partner's own id for the person (1 to 64 characters)." })
  localId!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field({ description: 'YYYY-MM-DD' })
  birthDate!: string;

  @Field((_type) => SexEnum)
  sex!: SexCode;

  @Field((_type) => [RaceEthnicityEnum], { defaultValue: [] })
  raceEthnicity!: RaceEthnicityCode[];

  @Field({ description: 'YYYY-MM-DD' })
  enrolledOn!: string;

  @Field((_type) => ProgramTypeEnum)
  programType!: ProgramType;

  @Field((_type) => String, { nullable: true, description: '5-digit FIPS code' })
  countyFips?: string | null;

  @Field((_type) => String, { nullable: true, description: 'Last four digits of the SSN' })
  ssnLast4?: string | null;

  @Field((_type) => String, { nullable: true })
  phone?: string | null;

  @Field((_type) => String, { nullable: true })
  email?: string | null;

  @Field((_type) => ConsentInput, { nullable: true })
  consent?: ConsentInput | null;
}

@ObjectType()
export class EnrollmentResult {
  @Field((_type) => Participant)
  participant!: Participant;

  @Field({
    description:
      "The registry's decision: NEW, AUTO_LINK, POSSIBLE_MATCH (a new GSID, queued for an analyst) or EXISTING (already enrolled: GSID unchanged); NOT_LINKED when the person did not consent to share their identity (nothing was sent to the registry).",
  })
  decision!: string;
}
