import { DomainError, ErrorCode } from '../errors';

/** The roles a user token can carry (docs/ACCESS.md). */
export const ROLES = ['backbone_analyst', 'partner_staff', 'funder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as the gateway established it from a verified token. No personal data: ids only. */
export interface Caller {
  /** the token's subject: an opaque user id */
  subject: string;
  role: Role;
  /** partner_staff: the one partner whose records they keep */
  partnerId?: string;
  /** funder: the partners whose aggregates they may see, or ALL */
  portfolio?: 'ALL' | string[];
  /** What the token grants beyond the role (PERMISSIONS), e.g. a backbone analyst who may approve releases. */
  permissions?: Permission[];
}

/** Grants a token may carry in its `permissions` claim. */
export const PERMISSIONS = ['approve_releases'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Reads a caller from verified token claims: `sub`, `role`, and `partner_id` (partner_staff)
 * or `portfolio` (funder: a list of partner ids, or "ALL"). A token that is valid but says
 * something impossible (an unknown role, staff without a partner) is refused, naming the claim.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const refuse = (claim: string, reason: string) => new DomainError(ErrorCode.UNAUTHENTICATED, `Token claim ${claim} ${reason}`, { claim });
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length < 1 || subject.length > 200) throw refuse('sub', 'must be a string of 1 to 200 characters');
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw refuse('role', `must be one of ${ROLES.join(', ')}`);
  const caller: Caller = { subject, role: role as Role };
  if (role === 'partner_staff') {
    if (typeof claims.partner_id !== 'string' || !ID.test(claims.partner_id)) throw refuse('partner_id', 'is required for partner_staff: the partner id');
    caller.partnerId = claims.partner_id;
  }
  if (role === 'funder') {
    const portfolio = claims.portfolio;
    if (portfolio === 'ALL') caller.portfolio = 'ALL';
    else if (Array.isArray(portfolio) && portfolio.length <= 1000 && portfolio.every((p) => typeof p === 'string' && ID.test(p)))
      caller.portfolio = [...portfolio];
    else throw refuse('portfolio', 'is required for funder: a list of partner ids, or "ALL"');
  }
  const permissions = claims.permissions;
  if (permissions !== undefined) {
    if (!Array.isArray(permissions) || !permissions.every((p) => (PERMISSIONS as readonly unknown[]).includes(p)))
      throw refuse('permissions', `must be a list of ${PERMISSIONS.join(', ')}`);
    if (permissions.length) caller.permissions = [...new Set(permissions as Permission[])];
  }
  return caller;
}

/** The claims a caller is forwarded with (the inverse of callerFromClaims). */
export function claimsOf(caller: Caller): Record<string, unknown> {
  return {
    sub: caller.subject,
    role: caller.role,
    ...(caller.partnerId ? { partner_id: caller.partnerId } : {}),
    ...(caller.portfolio ? { portfolio: caller.portfolio } : {}),
    ...(caller.permissions ? { permissions: caller.permissions } : {}),
  };
}

/** How refusals name who asked: its role (and partner), never its subject. */
export const describeCaller = (caller: Caller | null | undefined) =>
  caller ? `role ${caller.role}${caller.partnerId ? ` of partner ${caller.partnerId}` : ''}` : 'an anonymous caller';

export const forbidden = (what: string, caller: Caller | undefined, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.FORBIDDEN, `Not allowed: ${what} for ${describeCaller(caller)}`, { refused: what, role: caller?.role ?? null, ...details });
