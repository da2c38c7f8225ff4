import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Partner, PartnerStatusEnum, type PartnerStatus } from './partner.entity';

@Resolver((_of) => Partner)
export class PartnerResolver {
  @Query((_returns) => [Partner], { description: 'Partners of the coalition, by id.' })
  partners(
    @Arg('status', (_type) => PartnerStatusEnum, { nullable: true }) status: PartnerStatus | undefined,
    @Ctx() context: RegistryContext,
  ): Promise<Partner[]> {
    return context.services.partners.list(status ?? undefined);
  }

  @Query((_returns) => Partner, { nullable: true, description: 'One partner; an unknown id is a NOT_FOUND error.' })
  partner(@Arg('id', (_type) => ID) id: string, @Ctx() context: RegistryContext): Promise<Partner> {
    return context.services.partners.get(id);
  }
}
