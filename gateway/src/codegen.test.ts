import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { printSchemas } from './codegen-schemas';

const GATEWAY = join(__dirname, '..');

/**
 * The gateway's operations and the analytics resolvers are typed from committed files
 * (gateway/codegen.ts says why): these fail when the files lag behind the subgraphs' code or the
 * operations. To bring them up to date: `npm run build -w @coalition/gateway`, then
 * `npm run codegen -w @coalition/gateway`.
 */
describe('generated types', () => {
  it('gateway/schemas/ holds the schemas of the registry, the partner subgraph and the analytics subgraph as they are now', async () => {
    const schemas = await printSchemas();
    const stale = Object.entries(schemas).filter(([name, schema]) => readFileSync(join(GATEWAY, 'schemas', `${name}.graphql`), 'utf8') !== schema);
    expect(stale.map(([name]) => name)).toEqual([]);
  });

  it('the generated files are what codegen makes of those schemas and the operations', async () => {
    // The CLI's own check, in a process of its own (it loads ES modules that jest's runtime cannot).
    const check = promisify(execFile)('npx', ['--no-install', 'graphql-codegen', '--config', 'codegen.ts', '--check'], { cwd: GATEWAY });
    const said = await check.then(
      () => 'up to date',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(said).toBe('up to date');
  });
});
