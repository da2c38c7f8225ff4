import type { Client } from 'pg';
import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import { graphql, timed } from './timing';

export const PERSON_QUERY = `query PersonView($gsid: ID!) {
  stakeholder(gsid: $gsid) {
    gsid
    records {
      partnerId localId enrolledOn exitedOn programType
      stageEvents { stage enteredOn exitedOn }
      outcomes { indicatorCode period wave valueNumber valueBoolean observedOn }
    }
  }
}`;

/** The same person's records, stage events and outcomes from the pooled database in one statement. */
export const POOLED_PERSON_SQL = `
  SELECT p.partner_id, p.local_id, p.enrolled_on, p.exited_on, p.program_type,
         (SELECT coalesce(json_agg(json_build_object('stage', s.stage, 'enteredOn', s.entered_on, 'exitedOn', s.exited_on) ORDER BY s.entered_on), '[]')
            FROM stage_event s WHERE s.partner_id = p.partner_id AND s.participant_local_id = p.local_id) AS stage_events,
         (SELECT coalesce(json_agg(json_build_object('indicatorCode', o.indicator_code, 'period', o.period, 'wave', o.wave,
                   'valueNumber', o.value_number, 'valueBoolean', o.value_boolean, 'observedOn', o.observed_on)), '[]')
            FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id) AS outcomes
    FROM participant p WHERE p.gsid = $1 ORDER BY p.enrolled_on`;

interface PersonAnswer {
  stakeholder: { gsid: string; records: Array<{ partnerId: string; stageEvents: unknown[]; outcomes: unknown[] }> | null } | null;
}

export interface PersonViewTimings {
  gateway: number[];
  pooled: number[];
  /** per request: subgraph requests and SQL statements it caused (registry and partners) */
  requestsPerView: number[];
  statementsPerView: number[];
  records: number[];
  /** partners holding the person (distinct partner ids of the records): a view should cost one request more than that */
  holders: number[];
}

/** People with records at two or more partners, a fixed sample (the same every run). */
export async function samplePeople(pooled: Client, count: number): Promise<string[]> {
  const { rows } = await pooled.query(
    `SELECT gsid FROM participant WHERE gsid IS NOT NULL GROUP BY gsid HAVING count(DISTINCT partner_id) > 1 ORDER BY md5(gsid) LIMIT $1`,
    [count],
  );
  return rows.map((r) => r.gsid);
}

/**
 * One person at a time through the gateway (backbone analyst), against the pooled statement;
 * each view's subgraph requests and SQL statements are read from the services' /metrics.
 */
export async function timePersonView(dataset: Dataset, coalition: RunningCoalition, pooled: Client, people: readonly string[]): Promise<PersonViewTimings> {
  const headers = { authorization: `Bearer ${coalition.token({ role: 'backbone_analyst' })}` };
  const result: PersonViewTimings = { gateway: [], pooled: [], requestsPerView: [], statementsPerView: [], records: [], holders: [] };
  // One unmeasured view first: the first request of each process compiles its code paths.
  await graphql(coalition.gatewayUrl, PERSON_QUERY, { gsid: people[0] }, headers);
  for (const gsid of people) {
    const before = await coalition.subgraphCounters();
    const view = await timed(() => graphql<PersonAnswer>(coalition.gatewayUrl, PERSON_QUERY, { gsid }, headers));
    const after = await coalition.subgraphCounters();
    const base = await timed(() => pooled.query(POOLED_PERSON_SQL, [gsid]));
    const records = view.result.stakeholder?.records ?? [];
    if (records.length !== base.result.rowCount) {
      throw new Error(
        `person view of ${gsid} in ${dataset.name}: ${records.length} records through the gateway, ${base.result.rowCount} in the pooled database`,
      );
    }
    result.gateway.push(view.ms);
    result.pooled.push(base.ms);
    result.requestsPerView.push(after.requests - before.requests);
    result.statementsPerView.push(after.statements - before.statements);
    result.records.push(records.length);
    result.holders.push(new Set(records.map((r) => r.partnerId)).size);
  }
  return result;
}
