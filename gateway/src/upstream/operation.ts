import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import type { UpstreamRequest } from './client';

/** Generated documents are module constants: each is printed once per process. */
const printed = new WeakMap<DocumentNode, string>();

/**
 * One of the gateway's own operations (generated from `*.registry.graphql` / `*.partner.graphql`
 * into ./generated) as it goes on the wire. Its variables are typed by the document alone.
 */
export function operationRequest<Variables>(document: TypedDocumentNode<unknown, Variables>, variables: NoInfer<Variables>): UpstreamRequest {
  let query = printed.get(document);
  if (query === undefined) {
    query = print(document);
    printed.set(document, query);
  }
  return { query, variables: variables as Record<string, unknown> };
}
