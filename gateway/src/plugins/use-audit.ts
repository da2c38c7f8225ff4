import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { ErrorCode } from '@coalition/shared';
import type { GraphQLFormattedError } from 'graphql';
import type { Caller } from '@coalition/shared/auth';
import type { AccessFacts } from '../auth/access';
import type { GatewayPlugin } from './gateway-plugin';

export interface AuditEntry {
  at: string;
  requestId: string;
  subject: string | null;
  role: string | null;
  partnerScope: string | null;
  operationName: string | null;
  /** SHA-256 of the operation text: which operation, without its variables */
  operationHash: string;
  personFields: string[];
  /** the partners whose records the request reached */
  partners: string[];
  errors: number;
  /** "refused": the access check refused it (nothing was asked of any service); else "answered" */
  outcome: 'answered' | 'refused';
  /** the fields refused ("Type.field", or "Type.field of partner p"), before or during execution */
  refused: string[];
}

/** Where audit entries go: a JSON-lines file, or a function (tests, a log shipper). */
export type AuditSink = (entry: AuditEntry) => void;

export function fileAuditSink(path: string): AuditSink {
  return (entry) => appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

export const standardErrorSink: AuditSink = (entry) => console.error(`[audit] ${JSON.stringify(entry)}`);

/** What was refused: by the access check, then during execution (a subgraph's or the fan-out's per-partner FORBIDDEN). */
function refusedIn(access: AccessFacts | undefined, errors: readonly GraphQLFormattedError[]): string[] {
  const before = access?.refused ?? [];
  if (before.length) return before;
  return errors
    .filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN)
    .flatMap((e) => {
      const refused = e.extensions?.refused;
      return Array.isArray(refused) ? refused.map(String) : [String(refused ?? e.path?.join('.') ?? 'unknown')];
    });
}

/** What one request tells the audit log: who asked, what the access check found, which partners it reached, how it ended. */
export interface AuditedRequest {
  requestId: string;
  caller: Caller | null;
  operationName: string | null;
  /** the operation's text (only its hash is kept) */
  query: string;
  access: AccessFacts | undefined;
  partners: string[];
  errors: readonly GraphQLFormattedError[];
}

/**
 * The audit entry of a request, or null when the log has nothing to say about it (no
 * person-level field, nothing refused). Shared by our gateway and any other router serving the
 * supergraph (hive/), so both write the same lines.
 */
export function auditEntry(request: AuditedRequest): AuditEntry | null {
  const refused = refusedIn(request.access, request.errors);
  if (!request.access?.personFields.length && !refused.length) return null;
  const { caller } = request;
  return {
    at: new Date().toISOString(),
    requestId: request.requestId,
    subject: caller?.subject ?? null,
    role: caller?.role ?? null,
    partnerScope: caller?.partnerId ?? null,
    operationName: request.operationName,
    operationHash: createHash('sha256').update(request.query).digest('hex'),
    personFields: request.access?.personFields ?? [],
    partners: [...request.partners].sort(),
    errors: request.errors.length,
    outcome: request.access?.refused.length ? 'refused' : 'answered',
    refused,
  };
}

/**
 * The audit log: every request that touched person-level data, and every request that was
 * refused anything (an attempt is worth a trail as much as an access), records who, which
 * partners' records, which operation and when; never variables, arguments or results. Reads
 * what the access check (useAccessControl) left in the context, so it comes after it.
 */
export function useAudit(sink: AuditSink = standardErrorSink): GatewayPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, request, response, operationName }) {
          const entry = auditEntry({
            requestId: contextValue.requestId,
            caller: contextValue.caller,
            operationName: operationName ?? null,
            query: request.query ?? '',
            access: contextValue.access,
            partners: contextValue.coverage.askedPartners(),
            errors: response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [],
          });
          if (entry) sink(entry);
        },
      };
    },
  };
}
