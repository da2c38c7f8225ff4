import { DomainError, requestRefusal } from '@coalition/shared';
import { UserAuthenticator, type UserAuthConfig } from '../auth/user-auth';
import type { GatewayPlugin } from './gateway-plugin';

/**
 * Who is calling: the caller of the request's bearer token, checked while the context is built,
 * before the operation is parsed. Without a token the caller is anonymous (null) where
 * ANONYMOUS_ACCESS=reference allows it; any other refusal is 401 UNAUTHENTICATED with the reason,
 * never the token.
 */
export function useAuthentication(config: UserAuthConfig): GatewayPlugin {
  const authenticator = new UserAuthenticator(config);
  return {
    async onContextBuilding(context, request) {
      try {
        context.caller = await authenticator.authenticate(request.headers.authorization);
      } catch (error) {
        throw error instanceof DomainError ? requestRefusal(error) : error;
      }
    },
  };
}
