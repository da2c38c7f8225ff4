import { randomUUID, type KeyObject } from 'node:crypto';
import { getOperationAST, print, type GraphQLFormattedError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  auditEntry,
  checkAccess,
  refusal,
  COVERAGE_EXTENSION,
  operationLimitRules,
  standardErrorSink,
  UserAuthenticator,
  type AccessFacts,
  type AuditSink,
  type OperationLimits,
  type UserAuthConfig,
} from '@coalition/gateway';
import { DomainError, ErrorCode, requestRefusal } from '@coalition/shared';
import { PROOF_HEADER, ProofSigner, type Caller } from '@coalition/shared/auth';

/** What the plugins keep in each request's GraphQL context. */
export interface CoalitionContext {
  /** the signed-in user; null only where ANONYMOUS_ACCESS=reference lets a request without a token in */
  caller: Caller | null;
  /** names the request in every proof signed for it */
  requestId: string;
  /** what our access check found (person-level fields asked, refused ones), for the audit log */
  access?: AccessFacts;
  /** partners whose records the request reached, as the standalone services report them */
  partners?: Set<string>;
}

/**
 * Sign-in with our own UserAuthenticator, as our gateway does. It runs in Yoga's onRequestParse,
 * before the body is read: a request with a bad or missing token is refused (401 UNAUTHENTICATED)
 * before it is parsed or validated, so it learns nothing of the schema, not even from a
 * validation error. (Context building would be too late: Yoga validates before it.)
 */
export function useCoalitionAuthentication(config: UserAuthConfig): GatewayPlugin<CoalitionContext> {
  const authenticator = new UserAuthenticator(config);
  const callers = new WeakMap<Request, Caller | null>();
  return {
    async onRequestParse({ request }) {
      try {
        callers.set(request, await authenticator.authenticate(request.headers.get('authorization') ?? undefined));
      } catch (error) {
        throw error instanceof DomainError ? requestRefusal(error) : error;
      }
    },
    onContextBuilding({ context, extendContext }) {
      // Fail closed: a request the hook above did not see is nobody's, never anonymous.
      if (!callers.has(context.request)) throw requestRefusal(new DomainError(ErrorCode.UNAUTHENTICATED, 'Not signed in: the request was not authenticated'));
      extendContext({ caller: callers.get(context.request) ?? null, requestId: randomUUID() });
    },
  };
}

/**
 * Our access rules (checkAccess), after validation and before anything runs: an operation asking
 * for any field the caller's role may not have is refused as a whole (403 FORBIDDEN naming every
 * refused field, the same error as our gateway's useAccessControl), before any subgraph is called.
 * Then the audit log, as our gateway writes it (auditEntry): every request that asked for
 * person-level fields or was refused anything, with who asked and which partners it reached.
 */
export function useCoalitionAccess(sink: AuditSink = standardErrorSink): GatewayPlugin<CoalitionContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const caller = context.caller ?? null;
      const operation = getOperationAST(args.document, args.operationName);
      // Yoga has already refused a document without a runnable operation.
      if (!operation) return;
      context.access = checkAccess(args.schema, args.document, operation, args.variableValues ?? {}, caller);
      context.partners = new Set();
      const audit = (errors: readonly GraphQLFormattedError[]) => {
        const entry = auditEntry({
          requestId: context.requestId ?? '',
          caller,
          operationName: operation.name?.value ?? args.operationName ?? null,
          query: (context as { params?: { query?: string } }).params?.query ?? print(args.document),
          access: context.access,
          partners: [...(context.partners ?? [])],
          errors,
        });
        if (entry) sink(entry);
      };
      const { refused } = context.access;
      if (refused.length) {
        const error = refusal(refused, caller);
        audit([{ message: error.message, extensions: { code: ErrorCode.FORBIDDEN, refused } }]);
        setResultAndStopExecution({ errors: [error] });
        return;
      }
      return {
        onExecuteDone({ result }) {
          // One result: the supergraph has no subscriptions or deferred fields.
          if (!(Symbol.asyncIterator in result)) audit((result.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions, path: e.path })));
        },
      };
    },
  };
}

/**
 * Our operation limits: a token limit for the parser (a huge document is refused while it is
 * read) and depth, aliases, root fields and cost as validation rules, so an operation over any of
 * them is refused before any subgraph is called.
 */
export function useCoalitionLimits(limits: OperationLimits): GatewayPlugin {
  const rules = operationLimitRules(limits);
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: limits.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/**
 * Every subgraph answers only requests carrying the gateway's proof: a JWT for that subgraph (its
 * name is the audience) naming the caller and holding the sha256 of the exact body. The proof is
 * made in a fetch function wrapped around Hive's, so it is signed over the body as it finally
 * leaves, after every other onFetch hook has had its say.
 */
export function useCoalitionProofs(signingKey: KeyObject): GatewayPlugin<CoalitionContext> {
  const signer = new ProofSigner({ algorithm: 'ES256', key: signingKey });
  return {
    onFetch({ executionRequest, context, fetchFn, setFetchFn }) {
      const audience = executionRequest?.subgraphName;
      // Not a subgraph request: Hive fetches nothing else here (the supergraph is given as SDL). Unsigned, a subgraph refuses it.
      if (!audience) return;
      if (!('caller' in context) || context.caller === undefined) throw new Error(`No caller for a request to subgraph ${audience}: it cannot be signed`);
      const { caller, requestId } = context as CoalitionContext;
      setFetchFn((url, options, ...rest) => {
        const body = options?.body;
        if (typeof body !== 'string') throw new Error(`The request to subgraph ${audience} has no text body to sign`);
        const proof = signer.sign(audience, body, caller, requestId);
        const sent = fetchFn(url, { ...options, headers: { ...options?.headers, [PROOF_HEADER]: proof } }, ...rest);
        // For the audit log: which partners' records a person-level request reached, as our services say.
        const { access, partners } = context as CoalitionContext;
        if (!access?.personFields.length || !partners || audience === 'registry') return sent;
        return Promise.resolve(sent).then(async (response) => {
          const reported = (await response
            .clone()
            .json()
            .catch(() => null)) as { extensions?: Record<string, unknown> } | null;
          for (const id of partnersIn(reported?.extensions?.[COVERAGE_EXTENSION])) partners.add(id);
          return response;
        });
      });
    },
  };
}

/** The partner ids a standalone service says it asked (its Coverage.wire()); nothing for anything else. */
function partnersIn(wire: unknown): string[] {
  const asked = (wire as { asked?: unknown } | null)?.asked;
  return Array.isArray(asked) ? asked.filter((id): id is string => typeof id === 'string') : [];
}
