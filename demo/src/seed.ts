import type { DataSource } from 'typeorm';
import { createRegistryServices } from '@coalition/registry';
import { codebookDigest, WORKFORCE_BARRIERS_V1 } from '@coalition/shared/themes';
import type { DemoCoalition, PartnerData } from './generate';

/**
 * Installs the demo's codebook at a partner (as the backbone's installCodebook would), so its
 * free-text answers are coded: by the partner's coding sweep, or when a figure first asks.
 */
export async function seedCodebook(dataSource: DataSource): Promise<void> {
  await dataSource.query(`INSERT INTO theme_codebook (code, version, body, digest) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (code, version) DO NOTHING`, [
    WORKFORCE_BARRIERS_V1.code,
    WORKFORCE_BARRIERS_V1.version,
    JSON.stringify(WORKFORCE_BARRIERS_V1),
    codebookDigest(WORKFORCE_BARRIERS_V1),
  ]);
}

/** Writes one partner's records in one transaction: all or nothing. Returns false when already seeded. */
export async function seedPartner(dataSource: DataSource, data: PartnerData): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM participant');
    if (count > 0) return false;
    await manager.query(
      `INSERT INTO participant (local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips)
       SELECT local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips
       FROM jsonb_to_recordset($1::jsonb) AS x(local_id text, gsid text, enrolled_on date, exited_on date, program_type text,
         sex text, race_ethnicity text[], birth_year int, county_fips text)`,
      [JSON.stringify(data.participants)],
    );
    await manager.query(
      `INSERT INTO stage_event (participant_local_id, stage, entered_on, exited_on)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, stage text, entered_on date, exited_on date)`,
      [JSON.stringify(data.stageEvents)],
    );
    await manager.query(
      `INSERT INTO outcome (participant_local_id, indicator_code, indicator_version, value_number, value_boolean, period, wave, observed_on)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, indicator_code text, indicator_version int,
         value_number numeric, value_boolean boolean, period text, wave text, observed_on date)`,
      [JSON.stringify(data.outcomes)],
    );
    await manager.query(
      `INSERT INTO survey_answer (participant_local_id, question_code, answer_number, answer_text, wave, answered_on)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, question_code text, answer_number numeric, answer_text text, wave text, answered_on date)`,
      [JSON.stringify(data.surveyAnswers)],
    );
    return true;
  });
}

/**
 * Registers the partners (with their current endpoints) and, in this version, links every
 * record to its GSID from the generator's ground truth. The linkage issue replaces the links
 * with privacy-preserving matching.
 */
export async function seedRegistry(dataSource: DataSource, coalition: DemoCoalition, endpoints: ReadonlyMap<string, string>): Promise<void> {
  const services = createRegistryServices(dataSource);
  for (const partner of coalition.partners) {
    const endpoint = endpoints.get(partner.id) ?? null;
    await services.partners.upsert({
      id: partner.id,
      name: partner.name,
      programType: partner.programType,
      endpoint,
      status: endpoint ? 'ACTIVE' : 'ONBOARDING',
    });
  }
  await services.stakeholders.recordLinks(
    coalition.people.flatMap((person) =>
      person.records.map((r) => ({ gsid: person.gsid, partnerId: r.partnerId, localId: r.localId, method: 'SEED_GROUND_TRUTH' as const })),
    ),
  );
}
