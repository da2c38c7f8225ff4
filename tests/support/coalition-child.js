// A whole demo coalition in a child process, so a test can kill it with SIGKILL (as a crash or an
// out-of-memory kill would) and look at what its databases hold afterwards. Prints one JSON line
// with its URLs when it is up. Plain JavaScript: it runs the built packages, as `npm start` does.
const { startCoalition } = require('@coalition/demo');

startCoalition({
  adminUrl: process.env.CG_CHILD_ADMIN_URL,
  databasePrefix: process.env.CG_CHILD_PREFIX,
  partnerTimeoutMs: 60_000,
  log: () => undefined,
}).then(
  (coalition) => process.stdout.write(`${JSON.stringify({ gateway: coalition.gateway.url, partners: [...coalition.partners.keys()] })}\n`),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
