import { forbidden } from '@coalition/shared/auth';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { ProgramTypeEnum, enumObject } from '@coalition/shared/subgraph';
import type { ProgramType } from '@coalition/shared';
import type { RegistryContext } from '../context';
import { Partner } from './partner.entity';
import { DEFAULT_OVERLAP_HOURS, type PartnerAction } from './lifecycle';

const PARTNER_ACTIONS = ['REGISTERED', 'KEY_ROTATED', 'SUSPENDED', 'REACTIVATED', 'RETIRED'] as const;
const PartnerActionEnum = enumObject(PARTNER_ACTIONS);
registerEnumType(PartnerActionEnum, { name: 'PartnerAction', description: 'A change to a partner, as its audit trail records it.' });

@InputType({ description: 'A partner joining the coalition.' })
export class RegisterPartnerInput {
  @Field((_type) => ID, { description: 'Lower-case slug, 2 to 40 characters: letters, digits and -. Never changes.' })
  id!: string;

  @Field((_type) => String)
  name!: string;

  @Field((_type) => ProgramTypeEnum)
  programType!: ProgramType;

  @Field((_type) => String, {
    nullable: true,
    description: "URL of the partner's subgraph. With it the partner is ACTIVE (asked from the gateway's next directory refresh); without, ONBOARDING.",
  })
  endpoint?: string | null;
}

@ObjectType({ description: "What a partner's service needs to join, shown once: the registry keeps the key only to check signatures." })
export class PartnerCredentials {
  @Field((_type) => Partner)
  partner!: Partner;

  @Field((_type) => ID)
  keyId!: string;

  @Field((_type) => String, { description: "The partner's REGISTRY_KEY, for signing its identity-resolution requests. Not shown again." })
  registryKey!: string;

  @Field((_type) => String, { nullable: true, description: 'When the key this one replaces stops being accepted (ISO 8601); null at registration.' })
  previousKeyExpiresAt!: string | null;

  @Field((_type) => String, { nullable: true, description: "The gateway's public key (PEM): the partner's GATEWAY_PUBLIC_KEY." })
  gatewayPublicKey!: string | null;
}

@ObjectType({ description: 'One change to a partner: what, by whom, when and why.' })
export class PartnerChange {
  @Field((_type) => PartnerActionEnum)
  action!: PartnerAction;

  @Field((_type) => String, { description: 'The signed-in admin who made it.' })
  actor!: string;

  @Field((_type) => String, { nullable: true })
  reason!: string | null;

  @Field((_type) => String, { description: 'ISO 8601.' })
  at!: string;
}

function adminOf(context: RegistryContext): string {
  if (!context.caller) throw forbidden('partner administration without a signed-in caller', undefined);
  return context.caller.subject;
}

const REASON = 'Why: kept with the change in the partner’s audit trail.';

@Resolver((_of) => Partner)
export class PartnerLifecycleResolver {
  @Mutation((_returns) => PartnerCredentials, { description: 'Registers a partner and issues its registry key (admins).' })
  async registerPartner(
    @Arg('input', (_type) => RegisterPartnerInput) input: RegisterPartnerInput,
    @Ctx() context: RegistryContext,
  ): Promise<PartnerCredentials> {
    const { partner, key } = await context.services.lifecycle.register(input, adminOf(context));
    return { partner, keyId: key.keyId, registryKey: key.registryKey, previousKeyExpiresAt: null, gatewayPublicKey: context.services.gatewayPublicKeyPem };
  }

  @Mutation((_returns) => PartnerCredentials, {
    description: 'Issues a new registry key; the current one is accepted for overlapHours more (0: refused at once, e.g. after a leak). Admins.',
  })
  async rotatePartnerKey(
    @Arg('id', (_type) => ID) id: string,
    @Arg('overlapHours', (_type) => Int, { defaultValue: DEFAULT_OVERLAP_HOURS }) overlapHours: number,
    @Ctx() context: RegistryContext,
  ): Promise<PartnerCredentials> {
    const { partner, key } = await context.services.lifecycle.rotateKey(id, overlapHours, adminOf(context));
    return {
      partner,
      keyId: key.keyId,
      registryKey: key.registryKey,
      previousKeyExpiresAt: key.previousKeyExpiresAt?.toISOString() ?? null,
      gatewayPublicKey: context.services.gatewayPublicKeyPem,
    };
  }

  @Mutation((_returns) => Partner, { description: 'Takes a partner out of scope and refuses its keys; its records and links are kept. Admins.' })
  suspendPartner(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: REASON }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<Partner> {
    return context.services.lifecycle.suspend(id, reason, adminOf(context));
  }

  @Mutation((_returns) => Partner, {
    description: 'Makes a suspended or onboarding partner ACTIVE (again); endpoint sets or moves where the gateway reaches it. Admins.',
  })
  reactivatePartner(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: REASON }) reason: string,
    @Arg('endpoint', (_type) => String, { nullable: true, description: "URL of the partner's subgraph; required if it has none yet." }) endpoint: string | null,
    @Ctx() context: RegistryContext,
  ): Promise<Partner> {
    return context.services.lifecycle.reactivate(id, reason, adminOf(context), endpoint);
  }

  @Mutation((_returns) => Partner, { description: 'Retires a partner for good: out of scope, every key refused at once; records and links stay. Admins.' })
  retirePartner(
    @Arg('id', (_type) => ID) id: string,
    @Arg('reason', { description: REASON }) reason: string,
    @Ctx() context: RegistryContext,
  ): Promise<Partner> {
    return context.services.lifecycle.retire(id, reason, adminOf(context));
  }

  @FieldResolver((_returns) => [PartnerChange], { description: "The partner's audit trail, oldest first (admins)." })
  async changes(@Root() partner: Partner, @Ctx() context: RegistryContext): Promise<PartnerChange[]> {
    return (await context.services.lifecycle.changes(partner.id)).map((c) => ({ action: c.action, actor: c.actor, reason: c.reason, at: c.at.toISOString() }));
  }
}
