#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DomainError } from '@coalition/shared';
import type { QueryRunner } from 'typeorm';
import { readLinkageConfig } from '../config';
import { linkImports, type ImportLinking } from '../enrollment/import-linking';
import { RegistryLinker, type LinkageConfig } from '../enrollment/registry-client';
import type { ParticipantRecord } from '../import/records';
import { leftLinksLines, linkageLine } from '../import/report';
import { createPartnerDataSource, SCHEMA_NAME } from './data-source';

// coalition-link: GSIDs for a partner that serves its own database through views
// (docs/OWN-DATABASE.md, "Linking your people"). Reads participant_identity, resolves the people
// at the registry as an import does, and stores the GSIDs in gsid_link for the participant view.
const USAGE = 'Usage: DATABASE_URL=... PARTNER_ID=... LINKAGE_SECRET=... REGISTRY_URL=... REGISTRY_KEY=... coalition-link --schema coalition';

/** A problem the operator fixes before running again: one line, exit status 2. */
class UsageError extends Error {}

interface Settings {
  schema: string;
  databaseUrl: string;
  partnerId: string;
  linkage: LinkageConfig;
}

/** The command line and environment, or a UsageError naming the first thing missing. */
function readSettings(argv: string[]): Settings | 'help' {
  let values: { schema?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { schema: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  if (values.help) return 'help';
  const schema = values.schema;
  if (!schema) throw new UsageError(`--schema must name the schema of your views (e.g. --schema coalition). ${USAGE}`);
  if (!SCHEMA_NAME.test(schema)) throw new UsageError(`--schema "${schema}" is not a schema name: lower-case letters, digits and _ only`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('DATABASE_URL must name your database (the one holding the views)');
  const partnerId = process.env.PARTNER_ID;
  if (!partnerId) throw new UsageError("PARTNER_ID must be set to this partner's id in the coalition");
  let linkage: LinkageConfig | undefined;
  try {
    linkage = readLinkageConfig(process.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!linkage) throw new UsageError("LINKAGE_SECRET and REGISTRY_URL must be set: the coalition's linkage secret and the registry's URL");
  return { schema, databaseUrl, partnerId, linkage };
}

/** The people of participant_identity, with their sex and (when the schema has it) their identity consent. */
async function readRecords(runner: QueryRunner, schema: string): Promise<ParticipantRecord[]> {
  const q = `"${schema}"`;
  const [found] = await runner.query(
    `SELECT to_regnamespace($1) IS NOT NULL AS schema, to_regclass($2) IS NOT NULL AS identity,
            to_regclass($3) IS NOT NULL AS participant, to_regclass($4) IS NOT NULL AS consent`,
    [q, `${q}.participant_identity`, `${q}.participant`, `${q}.participant_consent`],
  );
  if (!found.schema) throw new UsageError(`the database has no schema "${schema}"`);
  if (!found.identity)
    throw new UsageError(
      `schema "${schema}" has no participant_identity view: add one giving local_id, first_name, last_name, birth_date, ssn_last4, phone, email (docs/OWN-DATABASE.md, "Linking your people")`,
    );
  if (!found.participant) throw new UsageError(`schema "${schema}" has no participant view (it gives each person's sex)`);
  const rows: Array<Record<string, string | boolean | null>> = await runner
    .query(
      `SELECT i.local_id::text AS local_id, p.sex::text AS sex, i.first_name::text AS first_name, i.last_name::text AS last_name,
              to_char(i.birth_date, 'YYYY-MM-DD') AS birth_date, i.ssn_last4::text AS ssn_last4, i.phone::text AS phone,
              i.email::text AS email, ${found.consent ? 'c.share_identity' : 'NULL::boolean'} AS share_identity
       FROM ${q}.participant_identity i
       JOIN ${q}.participant p ON p.local_id = i.local_id
       ${found.consent ? `LEFT JOIN ${q}.participant_consent c ON c.local_id = i.local_id` : ''}
       ORDER BY i.local_id`,
    )
    .catch((error: Error) => {
      throw new UsageError(`could not read ${schema}.participant_identity: ${error.message.split('\n')[0]}`);
    });
  // linkImports reads only these fields of a record (the rest is the import's).
  return rows.map(
    (r) =>
      ({
        local_id: r.local_id,
        sex: r.sex,
        identity: { first_name: r.first_name, last_name: r.last_name, birth_date: r.birth_date, ssn_last4: r.ssn_last4, phone: r.phone, email: r.email },
        consent: r.share_identity === false ? { share_identity: false, share_records: null, in_figures: null, recorded_on: '' } : undefined,
      }) as ParticipantRecord,
  );
}

async function main(argv: string[]): Promise<number> {
  const settings = readSettings(argv);
  if (settings === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { schema, databaseUrl, partnerId, linkage } = settings;
  const { dataSource } = createPartnerDataSource(databaseUrl, { poolSize: 1, schema });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new UsageError(`could not connect to DATABASE_URL: ${(error as Error).message.split('\n')[0]}`);
  }
  const runner = dataSource.createQueryRunner();
  const linking = linkImports(new RegistryLinker(partnerId, linkage));
  let resolving = false;
  try {
    const q = `"${schema}"`;
    await runner.startTransaction();
    const records = await readRecords(runner, schema);
    // Created and written in this one transaction: a failed run leaves gsid_link as it was. The
    // lock keeps a second run from linking the same people at once.
    await runner.query(
      `CREATE TABLE IF NOT EXISTS ${q}.gsid_link (local_id text PRIMARY KEY, gsid text NOT NULL, linked_at timestamptz NOT NULL DEFAULT now())`,
    );
    await runner.query(`LOCK TABLE ${q}.gsid_link IN SHARE ROW EXCLUSIVE MODE`);
    // Withdrawn identity consent for someone linked before: the registry takes the record off its
    // person first (docs/CONSENT.md), then the stored GSID goes.
    const withdrawn = records.filter((r) => r.consent?.share_identity === false).map((r) => r.local_id);
    const stale: Array<{ local_id: string }> = withdrawn.length
      ? await runner.query(`SELECT local_id FROM ${q}.gsid_link WHERE local_id = ANY($1::text[])`, [withdrawn])
      : [];
    if (stale.length) {
      await linking.revoke(stale.map((r) => r.local_id));
      await runner.query(`DELETE FROM ${q}.gsid_link WHERE local_id = ANY($1::text[])`, [stale.map((r) => r.local_id)]);
      console.error(`${stale.length} participants withdrew identity consent: taken off the people they were linked to, at the registry and here`);
    }
    resolving = true;
    const gsids = await linking.resolveGsids(records);
    const linked = [...gsids];
    await runner.query(
      `INSERT INTO ${q}.gsid_link (local_id, gsid) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (local_id) DO UPDATE SET gsid = EXCLUDED.gsid, linked_at = now() WHERE gsid_link.gsid IS DISTINCT FROM EXCLUDED.gsid`,
      [linked.map(([localId]) => localId), linked.map(([, gsid]) => gsid)],
    );
    await runner.commitTransaction();
    console.log(linkageLine(gsids.linkage!));
    if (linking.skipped.length) {
      const some = linking.skipped
        .slice(0, 5)
        .map((s) => `${s.localId} (${s.reason})`)
        .join('; ');
      console.error(`${linking.skipped.length} participants were not linked to a GSID: ${some}${linking.skipped.length > 5 ? '; ...' : ''}`);
    }
    return 0;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    // The registry may have linked people whose GSIDs were never stored: take those links back.
    if (resolving) await linking.withdrawResolved();
    reportLeftLinks(linking);
    throw error;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

function reportLeftLinks(linking: ImportLinking): void {
  for (const line of leftLinksLines(linking.left, 'people this run did not store', 'running coalition-link again reuses them')) console.error(line);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    // The registry refused or did not answer: nothing was written.
    if (error instanceof DomainError) {
      console.error(`${error.message.split('\n')[0]}${/Nothing was written/.test(error.message) ? '' : ' Nothing was written.'}`);
      process.exit(1);
    }
    console.error(`link failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; nothing was written.`);
    process.exit(2);
  },
);
