import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from './compose';

// Build step: composition errors fail the build, so a gateway never starts on a broken supergraph.
composeSupergraph()
  .then((sdl) => {
    const file = join(__dirname, '..', 'supergraph.graphql');
    writeFileSync(file, sdl);
    console.log(`supergraph composed: ${file}`);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
