import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from './compose';
import { printSchemas } from './codegen-schemas';

const root = join(__dirname, '..');

// Build step: composition errors fail the build, so a gateway never starts on a broken supergraph.
// It also writes the schemas the gateway's code is typed against (codegen.ts).
Promise.all([composeSupergraph(), printSchemas()])
  .then(([sdl, schemas]) => {
    const file = join(root, 'supergraph.graphql');
    writeFileSync(file, sdl);
    console.log(`supergraph composed: ${file}`);
    for (const [name, schema] of Object.entries(schemas)) writeFileSync(join(root, 'schemas', `${name}.graphql`), schema);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
