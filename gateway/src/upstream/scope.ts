import { partnerScope, type Access, type Caller } from '@coalition/shared/auth';

/** The partners, of those given, whose data of a kind a caller may reach. */
export type PartnerScope = <P extends { id: string }>(caller: Caller | null | undefined, partners: readonly P[], access: Access) => readonly P[];

/**
 * The access policy's partner scope (`partnerScope`): partner staff reach their own partner for
 * person-level data and data health, funders their portfolio, the backbone every partner; an
 * anonymous caller none. The fan-out and the person pathway both apply it.
 */
export const partnersInScope: PartnerScope = (caller, partners, access) => {
  if (!caller) return [];
  const scope = partnerScope(caller, access);
  return scope === 'ALL' ? partners : partners.filter((p) => scope.includes(p.id));
};
