import jwt from 'jsonwebtoken';
import { demoPartnerRegistryKey, ROLES, type Permission, type Role } from '@coalition/shared/auth';
import type { UserAuthConfig } from '@coalition/gateway';

/**
 * The demo coalition's sign-in: HS256 tokens under a published secret, for trying the product
 * locally only. The gateway refuses HS256 in production mode; real coalitions configure their
 * identity provider's public keys or JWKS (docs/ACCESS.md).
 */
export const DEMO_AUTH = {
  issuer: 'https://demo.coalition-graph.local',
  audience: 'coalition-graph',
  secret: 'demo-coalition-auth-secret-not-for-production',
} as const;

/** How the demo gateway checks those tokens (the gateway's UserAuthConfig). */
export const DEMO_USER_AUTH: UserAuthConfig = {
  issuer: DEMO_AUTH.issuer,
  audience: DEMO_AUTH.audience,
  publicKeys: [],
  hs256Secret: DEMO_AUTH.secret,
  clockToleranceS: 30,
  anonymousReference: false,
};

/** Partners' registry keys in the demo derive from this; real partners get random ones. */
export const DEMO_REGISTRY_KEY_SECRET = 'demo-coalition-registry-keys-not-for-production';
export const demoRegistryKey = (partnerId: string) => demoPartnerRegistryKey(DEMO_REGISTRY_KEY_SECRET, partnerId);

export interface DemoClaims {
  sub: string;
  role: Role;
  partner_id?: string;
  portfolio?: 'ALL' | string[];
  /** grants beyond the role, e.g. approve_releases for a backbone analyst */
  permissions?: Permission[];
}

/** A demo user token (default lifetime 8 hours). */
export function mintDemoToken(claims: DemoClaims, options: { expiresIn?: number; secret?: string; issuer?: string; audience?: string } = {}): string {
  return jwt.sign({ ...claims }, options.secret ?? DEMO_AUTH.secret, {
    algorithm: 'HS256',
    issuer: options.issuer ?? DEMO_AUTH.issuer,
    audience: options.audience ?? DEMO_AUTH.audience,
    expiresIn: options.expiresIn ?? 8 * 3600,
  });
}

/** One token per role for the demo partners: what `npm run tokens` prints. */
export function demoTokens(partnerIds: readonly string[]): Array<{ role: Role; label: string; token: string }> {
  const first = partnerIds[0];
  return ROLES.map((role) => {
    const claims: DemoClaims =
      role === 'partner_staff'
        ? { sub: `demo-staff-${first}`, role, partner_id: first }
        : role === 'funder'
          ? { sub: 'demo-funder', role, portfolio: [...partnerIds] }
          : role === 'backbone_analyst'
            ? { sub: 'demo-backbone-analyst', role, permissions: ['approve_releases'] }
            : { sub: `demo-${role.replace('_', '-')}`, role };
    const label =
      role === 'partner_staff'
        ? `partner_staff of ${first}`
        : role === 'funder'
          ? `funder (portfolio: ${partnerIds.join(', ')})`
          : role === 'backbone_analyst'
            ? 'backbone_analyst (may approve releases)'
            : role;
    return { role, label, token: mintDemoToken(claims) };
  });
}
