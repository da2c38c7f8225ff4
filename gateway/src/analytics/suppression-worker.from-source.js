// The suppression worker when the gateway runs from its TypeScript source (jest, through @swc/jest).
// A worker thread is a fresh Node without jest's transform, and Node 20 cannot load .ts files, so
// .ts files required from here are compiled on load with @swc/core, the compiler jest already uses
// (a dev dependency). Built code never loads this file: dist/ has suppression-worker.js itself.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
};

module.exports = require('./suppression-worker.ts');
