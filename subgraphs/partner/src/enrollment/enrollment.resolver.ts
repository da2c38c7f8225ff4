import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { notFound } from '@coalition/shared';
import { assertOwnPartner, type PartnerContext } from '../context';
import { EnrollmentResult, EnrollParticipantInput } from './enrollment.input';
import { ConsentInput, ConsentResult } from '../participant/consent';

@Resolver()
export class EnrollmentResolver {
  @Mutation((_returns) => EnrollmentResult, {
    description:
      'Enrolls a person with this partner and links them to their GSID through the registry. Enrolling the same local id again updates the record and keeps its GSID.',
  })
  async enrollParticipant(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('input', (_type) => EnrollParticipantInput) input: EnrollParticipantInput,
    @Ctx() context: PartnerContext,
  ): Promise<EnrollmentResult> {
    assertOwnPartner(context, partnerId);
    const { localId, outcome } = await context.services.enrollment.enroll(input);
    const participant = await context.services.participants.findByLocalIds([localId]);
    if (!participant.length) throw notFound('participant', localId);
    return { participant: participant[0], decision: outcome.decision };
  }

  @Mutation((_returns) => ConsentResult, {
    description:
      'Records what a participant agreed to share (docs/CONSENT.md). Withdrawing identity consent takes the record off the person it was linked to, at the registry (an audited split, reason "consent revoked") and here, before anything is recorded.',
  })
  async recordConsent(
    @Arg('partnerId', (_type) => ID) partnerId: string,
    @Arg('localId', (_type) => ID) localId: string,
    @Arg('consent', (_type) => ConsentInput) consent: ConsentInput,
    @Ctx() context: PartnerContext,
  ): Promise<ConsentResult> {
    assertOwnPartner(context, partnerId);
    const recorded = await context.services.enrollment.recordConsent(localId, consent);
    return { localId, consent: { ...recorded.consent, inFigures: recorded.consent.inFigures ?? true }, unlinked: recorded.unlinked };
  }
}
