import { decodeJwt } from 'jose';

/** What the gateway tells the dashboard about signing in (GET /dashboard/config.json). */
export interface DashboardConfig {
  /** The coalition's name, for the title. */
  coalition: string;
  /** The demo's tokens, one per role: only a demo gateway sends them. */
  demoTokens?: Array<{ role: string; label: string; token: string }>;
  /** The coalition's OpenID Connect provider: authorization code flow with PKCE. */
  oidc?: { issuer: string; clientId: string; scope?: string };
}

export type Role = 'backbone_analyst' | 'partner_staff' | 'funder' | 'admin';

/** Who is signed in, read from the token's claims (the gateway checks them; the page only reads them to pick its views). */
export interface Viewer {
  token: string;
  subject: string;
  role: Role;
  partnerId?: string;
  portfolio?: 'ALL' | string[];
  expiresAt?: Date;
}

/** The tab's session only (never localStorage, never a URL): closing the tab signs out. The IDE reads it too. */
const TOKEN_KEY = 'coalition.token';
/** Why the viewer was sent back to sign-in, shown once there. */
const MESSAGE_KEY = 'coalition.signInMessage';

export async function loadConfig(): Promise<DashboardConfig> {
  const response = await fetch('/dashboard/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The gateway did not give the dashboard's settings (${response.status})`);
  return (await response.json()) as DashboardConfig;
}

/** The viewer of a token, or why it cannot be used. */
export function viewerOf(token: string, now = Date.now()): Viewer | { problem: string } {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return { problem: 'That is not a token the gateway issues (not a JWT).' };
  }
  const role = claims.role as Role | undefined;
  if (!role) return { problem: 'The token names no role.' };
  const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  if (expiresAt && expiresAt.getTime() <= now) return { problem: 'Your session has expired. Sign in again.' };
  return {
    token,
    subject: String(claims.sub ?? ''),
    role,
    partnerId: typeof claims.partner_id === 'string' ? claims.partner_id : undefined,
    portfolio: (claims.portfolio as Viewer['portfolio']) ?? undefined,
    expiresAt,
  };
}

export function storedViewer(): Viewer | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const viewer = viewerOf(token);
  if ('problem' in viewer) {
    signOut(viewer.problem);
    return undefined;
  }
  return viewer;
}

export function signIn(token: string): Viewer | { problem: string } {
  const viewer = viewerOf(token);
  if (!('problem' in viewer)) sessionStorage.setItem(TOKEN_KEY, token);
  return viewer;
}

/** Forgets the token; `message` is shown on the sign-in page (e.g. why the session ended). */
export function signOut(message?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  // oidc-client-ts's own copy of the provider's tokens (its keys start with "oidc.").
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('oidc.')) sessionStorage.removeItem(key);
  if (message) sessionStorage.setItem(MESSAGE_KEY, message);
}

/** The message left by signOut, once. */
export function takeSignInMessage(): string | undefined {
  const message = sessionStorage.getItem(MESSAGE_KEY) ?? undefined;
  sessionStorage.removeItem(MESSAGE_KEY);
  return message;
}

export const ROLE_LABELS: Record<Role, string> = {
  backbone_analyst: 'Backbone analyst',
  partner_staff: 'Partner staff',
  funder: 'Funder',
  admin: 'Administrator',
};
