import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { INDICATOR_CODE_PATTERN, ageBandOf, badInput, raceGroupOf, type AgeBand, type RaceGroup } from '@coalition/shared';
import { AgeBandEnum, RaceGroupEnum } from '@coalition/shared/subgraph';
import { assertOwnPartner, readsFromOutside, type PartnerContext } from '../context';
import { Consent } from './consent';
import { Participant } from './participant.entity';
import { StageEvent } from './stage-event.entity';
import { Outcome } from './outcome.entity';
import { ParticipantConnection } from './participant-connection.type';
import { ParticipantFilter } from './participant.input';
import { ParticipantIdentity } from './participant-identity.type';

@Resolver((_of) => Participant)
export class ParticipantResolver {
  @Query((_returns) => Participant, { nullable: true, description: "One participant record at one partner, by the partner's local id." })
  participant(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('localId', (_type) => ID) localId: string,
    @Ctx() context: PartnerContext,
  ): Promise<Participant | null> {
    assertOwnPartner(context, partnerId);
    return context.loaders.participantByLocalId.load(localId);
  }

  @Query((_returns) => ParticipantConnection, { nullable: true, description: "A page of one partner's participants." })
  participants(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('first', (_type) => Int, { defaultValue: 50, description: 'Page size, 1 to 500.' }) first: number,
    @Arg('after', (_type) => String, { nullable: true }) after: string | undefined,
    @Arg('filter', (_type) => ParticipantFilter, { nullable: true }) filter: ParticipantFilter | undefined,
    @Ctx() context: PartnerContext,
  ): Promise<ParticipantConnection> {
    assertOwnPartner(context, partnerId);
    return context.services.participants.page(first, after ?? undefined, filter ?? undefined, readsFromOutside(context.partner.id, context.caller));
  }

  @FieldResolver((_type) => Consent, { description: "What the person agreed to share (this partner's staff only)." })
  async consent(@Root() participant: Participant, @Ctx() context: PartnerContext): Promise<Consent> {
    const [recorded] = await context.services.participants.consentsOf([participant.localId]);
    return recorded ?? { shareIdentity: true, shareRecords: true, inFigures: true, recordedOn: null };
  }

  @FieldResolver((_type) => ID, { description: 'The partner that holds this record.' })
  partnerId(@Ctx() context: PartnerContext): string {
    return context.partner.id;
  }

  @FieldResolver((_type) => AgeBandEnum, { description: 'Age band at enrollment.' })
  ageBand(@Root() participant: Participant): AgeBand {
    return ageBandOf(participant.birthYear, participant.enrolledOn);
  }

  @FieldResolver((_type) => RaceGroupEnum, { description: 'The single race/ethnicity group used in counts.' })
  raceGroup(@Root() participant: Participant): RaceGroup {
    return raceGroupOf(participant.raceEthnicity);
  }

  @FieldResolver((_type) => ParticipantIdentity, {
    nullable: true,
    description: "Name, birth date and contact fields. Only this partner's own staff may read them; null when the partner keeps none here.",
  })
  identity(@Root() participant: Participant, @Ctx() context: PartnerContext): Promise<ParticipantIdentity | null> {
    return context.loaders.identityByParticipant.load(participant.localId);
  }

  @FieldResolver((_type) => [StageEvent], { description: 'Stage events at this partner, in date order.' })
  stageEvents(@Root() participant: Participant, @Ctx() context: PartnerContext): Promise<StageEvent[]> {
    return context.loaders.stageEventsByParticipant.load(participant.localId);
  }

  @FieldResolver((_type) => [Outcome], { description: 'Outcome records at this partner, oldest first.' })
  async outcomes(
    @Root() participant: Participant,
    @Arg('indicatorCode', (_type) => String, { nullable: true, description: 'Only outcomes of this indicator.' }) indicatorCode: string | undefined,
    @Ctx() context: PartnerContext,
  ): Promise<Outcome[]> {
    if (indicatorCode !== undefined && indicatorCode !== null && !INDICATOR_CODE_PATTERN.test(indicatorCode)) {
      throw badInput('indicatorCode', `"${indicatorCode}" is not an indicator code (upper case, e.g. EMP_Q2)`);
    }
    const outcomes = await context.loaders.outcomesByParticipant.load(participant.localId);
    return indicatorCode ? outcomes.filter((o) => o.indicatorCode === indicatorCode) : outcomes;
  }
}
