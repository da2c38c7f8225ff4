import type { Caller } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';

/**
 * Who a request to a partner or the registry acts for, as its proof says: the signed-in caller
 * (the service then applies that caller's role and partner scope itself), or one of the
 * gateway's own components (`service`) asking on its own behalf.
 */
export interface Identity {
  caller: Caller | null;
  /** Correlates the proof with the incoming request; a fresh id when not given. */
  requestId?: string;
  /** The gateway component asking through the internal protocol; never set for a user's request. */
  service?: string;
}

/** What the gateway keeps per incoming request that the client needs: the caller, its request id, its coverage. */
export interface UpstreamContext {
  caller?: Caller | null;
  requestId?: string;
  coverage?: Coverage;
}

/** The caller of an incoming request, forwarded. */
export const callerIdentity = (context: UpstreamContext | undefined): Identity => ({
  caller: context?.caller ?? null,
  requestId: context?.requestId ?? '',
});

/**
 * The analytics engine asks the registry and partners as the gateway itself (a backbone
 * service identity): raw cells are for the gateway, which applies disclosure control before
 * anything reaches a user.
 */
export const ANALYTICS_SERVICE: Identity = { caller: { subject: 'coalition-gateway:analytics', role: 'backbone_analyst' }, service: 'analytics' };

/** The partner directory reads the registry's partner list as a configuration reader. */
export const DIRECTORY_SERVICE: Identity = { caller: { subject: 'coalition-gateway', role: 'admin' }, service: 'directory' };
