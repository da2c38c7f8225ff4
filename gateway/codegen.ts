import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types generated from the schemas (schemas/*.graphql, written by the build from the subgraphs'
 * code), so a field renamed or retyped on either side fails the gateway's type-check:
 * - the gateway's own operations to the registry and to partners: `*.registry.graphql` /
 *   `*.partner.graphql` files next to the code that sends them, into src/upstream/generated/;
 * - the analytics subgraph's resolvers (src/analytics/schema.ts), into src/analytics/generated/.
 * `npm run codegen -w @coalition/gateway` writes them.
 *
 * The generated files (and the schemas) are committed, not generated during the build: tsc needs
 * them to compile the gateway, while the schemas are printed by a build step that runs after tsc
 * (compose-cli), so generating first would need a second compile; committed, a protocol change is
 * also a reviewed diff. Drift fails twice: the build ends with `graphql-codegen --check` against
 * the schemas it has just written, and src/codegen.test.ts (run by `npm test`) compares the
 * committed schemas with the subgraphs' current code and runs the same check.
 */
const common = {
  enumsAsTypes: true,
  useTypeImports: true,
  // A scalar nobody mapped is `unknown`: code must check it before use.
  defaultScalarType: 'unknown',
  scalars: {
    ID: 'string',
    JSONObject: 'Record<string, unknown>',
    LocalDate: 'string',
    DateTimeISO: 'string',
    _Any: 'Record<string, unknown>',
  },
};

const operations = (service: 'registry' | 'partner') => ({
  schema: `schemas/${service}.graphql`,
  documents: `src/**/*.${service}.graphql`,
  plugins: ['typescript-operations', 'typed-document-node'],
  config: { ...common, skipTypename: true },
});

const config: CodegenConfig = {
  cwd: __dirname,
  overwrite: true,
  generates: {
    'src/upstream/generated/registry.ts': operations('registry'),
    'src/upstream/generated/partner.ts': operations('partner'),
    'src/analytics/generated/resolvers.ts': {
      schema: 'schemas/analytics.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...common,
        federation: true,
        // The lattice is generic over dimension codes: cell values are the shared contract's.
        // Releases are resolved from the registry's stored form (period label, JSON coverage).
        mappers: {
          IndicatorCellValue: '@coalition/shared#DimensionValue',
          Release: '../../releases/store#StoredRelease',
          ReleaseApproval: '../../releases/approvals#Approval',
        },
      },
    },
  },
};

export default config;
