import type { KeyObject } from 'node:crypto';
import { mintDemoToken, type DemoClaims } from '@coalition/demo';
import { PROOF_HEADER, ProofSigner, type Caller } from '@coalition/shared/auth';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export interface RequestOptions {
  /** a bearer token; default: a backbone analyst's demo token; null: none */
  token?: string | null;
  headers?: Record<string, string>;
}

/** Demo tokens per role, as the demo coalition's sign-in issues them. */
export const tokens = {
  backbone: (sub = 'test-analyst') => mintDemoToken({ sub, role: 'backbone_analyst' }),
  /** a backbone analyst granted approve_releases */
  releaser: (sub = 'test-releaser') => mintDemoToken({ sub, role: 'backbone_analyst', permissions: ['approve_releases'] }),
  staff: (partnerId: string, sub = `test-staff-${partnerId}`) => mintDemoToken({ sub, role: 'partner_staff', partner_id: partnerId }),
  funder: (portfolio: DemoClaims['portfolio'] = 'ALL', sub = 'test-funder') => mintDemoToken({ sub, role: 'funder', portfolio }),
  admin: (sub = 'test-admin') => mintDemoToken({ sub, role: 'admin' }),
};

/** A real HTTP POST, as a dashboard or an analyst's IDE would send it. */
export async function graphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await post(url, JSON.stringify({ query, variables }), options);
  return (await response.json()) as GraphQLResponse<T>;
}

/** The raw HTTP answer, for status codes and headers. */
export async function post(url: string, body: string, options: RequestOptions = {}): Promise<Response> {
  const token = options.token === undefined ? tokens.backbone() : options.token;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    body,
  });
}

const BACKBONE_CALLER: Caller = { subject: 'test-analyst', role: 'backbone_analyst' };

/**
 * A request straight to a subgraph as the gateway sends it: signed with the gateway's private
 * key for `audience` (a partner id, or "registry"), acting for `caller`, or as one of the
 * gateway's own services (`service`, for the internal protocol).
 */
export async function asGateway<T = any>(
  url: string,
  audience: string,
  privateKey: KeyObject,
  query: string,
  variables?: Record<string, unknown>,
  caller: Caller | null = BACKBONE_CALLER,
  service?: string,
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const proof = new ProofSigner({ algorithm: 'ES256', key: privateKey }).sign(audience, body, caller, 'test', service);
  const response = await post(url, body, { token: null, headers: { [PROOF_HEADER]: proof } });
  return (await response.json()) as GraphQLResponse<T>;
}
