import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { OPERATIONS } from './src/api/operations';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The dashboard sends only persisted operations: each operation's SHA-256 is built into the
 * bundle, and the list goes out beside it as an Apollo persisted query manifest that the gateway
 * loads (so a production gateway can run PERSISTED_ONLY=true with the dashboard on it).
 */
function persistedOperations(): Plugin {
  const operations = Object.entries(OPERATIONS).map(([name, body]) => ({
    id: sha256(body),
    name,
    type: body.trimStart().startsWith('mutation') ? 'mutation' : 'query',
    body,
  }));
  return {
    name: 'coalition-persisted-operations',
    config: () => ({ define: { __OPERATION_HASHES__: JSON.stringify(Object.fromEntries(operations.map((op) => [op.name, op.id]))) } }),
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'persisted-operations.json',
        source: `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`,
      });
    },
  };
}

export default defineConfig({
  base: '/dashboard/',
  plugins: [persistedOperations()],
  // React's automatic JSX runtime without @vitejs/plugin-react (no fast refresh is needed for a build).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // graphiql's modules start with "use client" (for React server components), which a browser bundle need not keep.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: { dashboard: resolve(__dirname, 'index.html'), ide: resolve(__dirname, 'ide.html') },
    },
  },
});
