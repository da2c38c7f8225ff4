import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PartnerContext } from '../context';
import { Participant } from '../participant/participant.entity';
import { Stakeholder } from './stakeholder.type';

@Resolver((_of) => Stakeholder)
export class StakeholderResolver {
  @FieldResolver((_type) => [Participant], {
    nullable: true,
    description: "The person's participant records at every partner in scope. Partners that did not answer are named in the response errors.",
  })
  records(@Root() stakeholder: Stakeholder, @Ctx() context: PartnerContext): Promise<Participant[]> {
    return context.loaders.participantsByGsid.load(stakeholder.gsid);
  }
}
