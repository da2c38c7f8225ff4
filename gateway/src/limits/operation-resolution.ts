import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
import { DomainError, ErrorCode, requestRefusal } from '@coalition/shared';

/** graphql-js's own wording, which a plain Apollo Server sends for the same request. */
function whyUnresolved(document: DocumentNode, operationName: string | null | undefined): string {
  if (operationName != null) return `Unknown operation named "${operationName}".`;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return operations > 1 ? 'Must provide operation name if query contains multiple operations.' : 'Must provide an operation.';
}

/**
 * A document whose operation cannot be chosen (several and no operationName, or a name it does
 * not hold) is the client's mistake: 400 OPERATION_RESOLUTION_FAILURE, as a plain Apollo Server
 * answers. Left to @apollo/gateway, its executor throws an error without an HTTP status, which
 * Apollo Server sends as 500.
 */
export function useOperationResolution<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (operation) return;
          throw requestRefusal(new DomainError(ErrorCode.OPERATION_RESOLUTION_FAILURE, whyUnresolved(document, request.operationName)));
        },
      };
    },
  };
}
