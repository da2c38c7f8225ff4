import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { ErrorCode } from '@coalition/shared';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext, GatewayPlugin } from './gateway-plugin';

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

const standardErrorSink: AuditSink = (entry) => console.error(`[audit] ${JSON.stringify(entry)}`);

/** What was refused: by the access check, then during execution (a subgraph's or the fan-out's per-partner FORBIDDEN). */
function refusedIn(context: GatewayContext, errors: readonly GraphQLFormattedError[]): string[] {
  const before = context.access?.refused ?? [];
  if (before.length) return before;
  return errors
    .filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN)
    .flatMap((e) => {
      const refused = e.extensions?.refused;
      return Array.isArray(refused) ? refused.map(String) : [String(refused ?? e.path?.join('.') ?? 'unknown')];
    });
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
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const refused = refusedIn(contextValue, errors);
          if (!contextValue.access?.personFields.length && !refused.length) return;
          const caller = contextValue.caller;
          sink({
            at: new Date().toISOString(),
            requestId: contextValue.requestId,
            subject: caller?.subject ?? null,
            role: caller?.role ?? null,
            partnerScope: caller?.partnerId ?? null,
            operationName: operationName ?? null,
            operationHash: createHash('sha256')
              .update(request.query ?? '')
              .digest('hex'),
            personFields: contextValue.access?.personFields ?? [],
            partners: contextValue.coverage.askedPartners(),
            errors: errors.length,
            outcome: contextValue.access?.refused.length ? 'refused' : 'answered',
            refused,
          });
        },
      };
    },
  };
}
