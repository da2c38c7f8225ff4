import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { ServeOptions } from '@coalition/shared/http';
import type { AccessContext } from '../auth/access';

/** What the gateway keeps per request: the caller, a request id, the coverage, what the access check learned. */
export type GatewayContext = AccessContext;

/**
 * One cross-cutting concern of the gateway, in the shape of Hive Gateway's (Envelop's) plugins:
 * a function `useX(options)` returning hooks. Apollo Server's own hooks run once the request is
 * parsed; the hooks below run before, at the HTTP edge (shared/src/http), so that what they
 * refuse is never parsed, and graphql's parser and validation take the plugins' options.
 */
export interface GatewayPlugin extends ApolloServerPlugin<GatewayContext> {
  /** A POST body as JSON, before Apollo reads it: returns it, perhaps rewritten, or throws HttpError. */
  onRequestBody?: (body: unknown) => unknown;
  /** false: operations are taken by POST only, so that onRequestBody sees every one (GET then serves the landing page). */
  getOperations?: boolean;
  /** While the request's context is built, before parsing: fills it in, or refuses the request (a GraphQLError with an HTTP status). */
  onContextBuilding?: (context: GatewayContext, request: IncomingMessage) => Promise<void>;
  /** Options for graphql's parser (a token limit). */
  parseOptions?: ParseOptions;
  /** Rules run with graphql's own validation, before any subgraph is called. */
  validationRules?: ValidationRule[];
}

/** The HTTP layer's hooks the plugins make together, each plugin in its turn. */
export function edgeHooks(
  plugins: readonly GatewayPlugin[],
  newContext: () => GatewayContext,
): Pick<ServeOptions<GatewayContext>, 'prepareBody' | 'getOperations' | 'context'> {
  return {
    prepareBody: (body) => plugins.reduce((prepared, plugin) => (plugin.onRequestBody ? plugin.onRequestBody(prepared) : prepared), body),
    getOperations: plugins.every((plugin) => plugin.getOperations !== false),
    context: async (request) => {
      const context = newContext();
      for (const plugin of plugins) await plugin.onContextBuilding?.(context, request);
      return context;
    },
  };
}

/** What the plugins give graphql's parser and validation. */
export function documentOptions(plugins: readonly GatewayPlugin[]): { parseOptions: ParseOptions; validationRules: ValidationRule[] } {
  return {
    parseOptions: Object.assign({}, ...plugins.map((plugin) => plugin.parseOptions)),
    validationRules: plugins.flatMap((plugin) => plugin.validationRules ?? []),
  };
}
