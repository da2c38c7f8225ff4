import type { DashboardConfig } from './session';

/**
 * Sign-in with the coalition's identity provider: the authorization code flow with PKCE, through
 * oidc-client-ts (loaded only when a coalition configures a provider). The provider redirects back
 * to the dashboard with a code in the query string, which is exchanged and removed from the
 * address at once; tokens never appear in a URL. oidc-client-ts keeps its state in sessionStorage.
 */
async function manager(oidc: NonNullable<DashboardConfig['oidc']>) {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${window.location.origin}/dashboard/`,
    response_type: 'code',
    scope: oidc.scope ?? 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // The PKCE verifier and state of the trip to the provider too (the library's default is localStorage).
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}

export async function startOidcSignIn(oidc: NonNullable<DashboardConfig['oidc']>): Promise<void> {
  await (await manager(oidc)).signinRedirect();
}

/** When the page is the provider's redirect back (`?code=&state=`): the access token, and the address cleaned. */
export async function finishOidcSignIn(oidc: NonNullable<DashboardConfig['oidc']>): Promise<string | undefined> {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  try {
    const user = await (await manager(oidc)).signinRedirectCallback();
    return user.access_token;
  } finally {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  }
}
