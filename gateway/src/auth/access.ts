import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { DomainError, ErrorCode, requestRefusal, ROOT_PARTNER_ARGUMENT } from '@coalition/shared';
import { accessOf, describeCaller, ROLE_RULES, roleMay, type Access, type Caller } from '@coalition/shared/auth';
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
  visit(
    definitions,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const access = accessOf(parent.name, node.name.value);
        if (!roleMay(caller ?? undefined, access)) refused.add(coordinate);
        if (access && PERSON_LEVEL.has(access)) personFields.add(coordinate);
        if (caller && ROLE_RULES[caller.role].partnerArgument === 'OWN_PARTNER' && (parent.name === 'Query' || parent.name === 'Mutation')) {
          const argument = node.arguments?.find((a) => a.name.value === ROOT_PARTNER_ARGUMENT);
          const partnerId = literal(argument?.value, variables);
          if (argument && partnerId !== caller.partnerId) otherPartners.add(`${coordinate} of partner ${String(partnerId)}`);
        }
      },
    }),
  );
  return { personFields: [...personFields].sort(), refused: [...refused, ...otherPartners].sort() };
}

/** The FORBIDDEN error naming every refused field. */
export function refusal(refused: string[], caller: Caller | null): GraphQLError {
  return requestRefusal(
    new DomainError(ErrorCode.FORBIDDEN, `Not allowed for ${describeCaller(caller)}: ${refused.join(', ')}`, { refused, role: caller?.role ?? null }),
  );
}

/**
 * The access check, after validation and before execution: an operation asking for anything
 * the caller may not have is refused as a whole, before any subgraph is called. What it learned
 * stays in the context for the audit (useAudit).
 */
export function useAccessControl<T extends AccessContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          contextValue.access = checkAccess(schema, document, operation, (request.variables ?? {}) as Record<string, unknown>, contextValue.caller);
          if (contextValue.access.refused.length) throw refusal(contextValue.access.refused, contextValue.caller);
        },
      };
    },
  };
}
