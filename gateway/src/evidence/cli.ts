import { parseArgs } from 'node:util';
import { makeEvidencePackage } from './evidence';

const USAGE = `Usage: npm run evidence -- --release <id> [--gateway http://127.0.0.1:4000] [--out evidence]
       npm run evidence -- --year 2024 ...   (live figures; backbone only)
The token is read from COALITION_TOKEN (demo tokens: npm run tokens).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      release: { type: 'string' },
      year: { type: 'string' },
      gateway: { type: 'string', default: 'http://127.0.0.1:4000' },
      out: { type: 'string', default: 'evidence' },
    },
  });
  const token = process.env.COALITION_TOKEN;
  if (!token) throw new Error(`COALITION_TOKEN is not set: the token of whoever the package is for.\n${USAGE}`);
  if (values.year && !/^\d{4}$/.test(values.year)) throw new Error(`--year must be a program year such as 2024; got "${values.year}"`);
  const made = await makeEvidencePackage({
    gateway: values.gateway!,
    token,
    release: values.release,
    year: values.year ? Number(values.year) : undefined,
    outDir: values.out!,
    log: (message) => console.error(`  ${message}`),
  });
  for (const line of made.missing) console.error(`  warning: ${line}`);
  console.log(`${made.pdf}\n${made.xlsx}`);
}

main().catch((error: Error) => {
  console.error(`evidence: ${error.message}`);
  process.exit(1);
});
