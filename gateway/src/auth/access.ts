import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { ErrorCode, ROOT_PARTNER_ARGUMENT } from '@coalition/shared';
import { accessOf, roleMay, type Access, type Caller } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';

/** What the access check learned about one operation, for the audit log. */
export interface AccessFacts {
  /** person-level, personal or enrolment fields the operation asks for ("Type.field") */
  personFields: string[];
  /** what was refused ("Type.field", or "Type.field of partner p"); empty when the operation may run */
  refused: string[];
}

export interface AccessContext {
  caller: Caller | null;
  requestId: string;
  coverage: Coverage;
  access?: AccessFacts;
}

const PERSON_LEVEL: ReadonlySet<Access> = new Set(['person', 'personal', 'enroll']);

function literal(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.STRING || value.kind === Kind.ENUM) return value.value;
  return undefined;
}

/**
 * Checks an operation against the access rules before any subgraph is called: every field the
 * caller's role may not use is refused (a field without a classification too), and partner
 * staff asking for another partner's records by partnerId. Fragments count wherever they are.
 * Returns the facts; `refusal` turns refused ones into the FORBIDDEN error.
 */
export function checkAccess(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  caller: Caller | null,
): AccessFacts {
  const typeInfo = new TypeInfo(schema);
  const refused = new Set<string>();
  const personFields = new Set<string>();
  const otherPartners = new Set<string>();
  const definitions = { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
  visit(definitions, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent) return;
      const coordinate = `${parent.name}.${node.name.value}`;
      const access = accessOf(parent.name, node.name.value);
      if (!roleMay(caller ?? undefined, access)) refused.add(coordinate);
      if (access && PERSON_LEVEL.has(access)) personFields.add(coordinate);
      if (caller?.role === 'partner_staff' && (parent.name === 'Query' || parent.name === 'Mutation')) {
        const argument = node.arguments?.find((a) => a.name.value === ROOT_PARTNER_ARGUMENT);
        const partnerId = literal(argument?.value, variables);
        if (argument && partnerId !== caller.partnerId) otherPartners.add(`${coordinate} of partner ${String(partnerId)}`);
      }
    },
  }));
  return { personFields: [...personFields].sort(), refused: [...refused, ...otherPartners].sort() };
}

/** The FORBIDDEN error naming every refused field. */
export function refusal(refused: string[], caller: Caller | null): GraphQLError {
  const who = caller ? `role ${caller.role}${caller.partnerId ? ` of partner ${caller.partnerId}` : ''}` : 'an anonymous caller';
  return new GraphQLError(`Not allowed for ${who}: ${refused.join(', ')}`, {
    extensions: { code: ErrorCode.FORBIDDEN, refused, role: caller?.role ?? null, http: { status: 403 } },
  });
}

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

/**
 * The access check (after validation, before execution) and the audit log: every request that
 * touched person-level data, and every request refused anything (an attempt is worth a trail
 * as much as an access), records who, which partners' records, which operation and when;
 * never variables, arguments or results.
 */
export function useAccessControl<T extends AccessContext>(audit: AuditSink): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          contextValue.access = checkAccess(schema, document, operation, (request.variables ?? {}) as Record<string, unknown>, contextValue.caller);
          if (contextValue.access.refused.length) throw refusal(contextValue.access.refused, contextValue.caller);
        },
        async willSendResponse({ contextValue, request, response, operationName }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          // Refusals during execution: a subgraph's or the fan-out's per-partner FORBIDDEN.
          const refusedLater = errors.filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN && !contextValue.access?.refused.length)
            .flatMap((e) => (Array.isArray(e.extensions?.refused) ? (e.extensions.refused as unknown[]).map(String) : [String(e.extensions?.refused ?? e.path?.join('.') ?? 'unknown')]));
          const refused = [...(contextValue.access?.refused ?? []), ...refusedLater];
          if (!contextValue.access?.personFields.length && !refused.length) return;
          const caller = contextValue.caller;
          audit({
            at: new Date().toISOString(),
            requestId: contextValue.requestId,
            subject: caller?.subject ?? null,
            role: caller?.role ?? null,
            partnerScope: caller?.partnerId ?? null,
            operationName: operationName ?? null,
            operationHash: createHash('sha256').update(request.query ?? '').digest('hex'),
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
