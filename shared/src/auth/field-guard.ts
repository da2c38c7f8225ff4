import { DomainError, ErrorCode } from '../errors';
import { forbidden, type Caller } from './caller';
import { accessOf, inScope, isOpen, roleMay } from './policy';
import { GATEWAY_ISSUER, partnerIssuer } from './proof';

/** Who a subgraph request comes from, as its verified proof says. */
export interface ProvenRequest {
  /** the user the gateway asks for; null for a service's own request or an anonymous reader */
  caller: Caller | null;
  /** the gateway's issuer, or partner:<id> for a partner's own linkage request */
  issuer: string;
  /** the gateway component asking on its own behalf (internal protocol), or null */
  service: string | null;
}

/**
 * The field check every subgraph applies to a proven request, whatever the gateway already
 * checked (defence in depth). Fails closed: a field without a classification is refused.
 * A partner's own proof reaches only its identity resolution, for itself; only the gateway's
 * services reach the internal protocol; users reach what their role and partner scope allow.
 * `servedPartner`: the partner this service holds the data of (partner subgraphs).
 */
export function checkField(typeName: string, fieldName: string, args: Record<string, unknown>, request: ProvenRequest, servedPartner?: string): void {
  const access = accessOf(typeName, fieldName);
  const caller = request.caller ?? undefined;
  const refuse = (why = '') => forbidden(`${typeName}.${fieldName}${servedPartner ? ` of partner ${servedPartner}` : ''}${why}`, caller);
  if (access === undefined) throw refuse(' (a field without an access classification)');
  if (access === 'linkage') {
    const forPartner = args.partnerId;
    if (request.issuer === GATEWAY_ISSUER || (forPartner !== undefined && request.issuer !== partnerIssuer(String(forPartner)))) {
      throw refuse(': only the partner itself may resolve its identities');
    }
    return;
  }
  if (request.issuer !== GATEWAY_ISSUER) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `Not allowed: ${typeName}.${fieldName} with the registry key of ${request.issuer}: a partner's key reaches only its own identity resolution`,
      {
        refused: `${typeName}.${fieldName}`,
        issuer: request.issuer,
      },
    );
  }
  if (access === 'internal') {
    if (!request.service) throw refuse(': internal to the coalition gateway');
    return;
  }
  if (isOpen(access)) return;
  if (!roleMay(caller, access) || (servedPartner !== undefined && !inScope(caller!, access, servedPartner))) throw refuse();
}
