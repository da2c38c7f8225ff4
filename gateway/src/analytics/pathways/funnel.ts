import type { PeopleIndex } from './people';

/** A day range [from, before) that the pathway's first stage must be entered in; null: any day. */
export type DayRange = { from: number; before: number } | null;

/** Per stage, per entry cell: people who reached the stage, and their days since the stage before. */
export interface FunnelTally {
  /** stage -> cell index (PeopleIndex.cells) -> count and days (unsorted) */
  stages: Array<Map<number, { count: number; days: number[] }>>;
  /** transition i (stage i -> i+1): from partner (index into PeopleIndex.partnerIds) -> to partner (null: did not reach it) -> people */
  transitions: Array<Map<number, Map<number | null, number>>>;
  people: number;
}

interface Step {
  day: number;
  stage: number;
  record: number;
}

function stepsOf(index: PeopleIndex, records: readonly number[]): Step[] {
  const steps: Step[] = [];
  for (const record of records) {
    for (let e = index.eventStart[record]; e < index.eventStart[record + 1]; e++) steps.push({ day: index.eventDay[e], stage: index.eventStage[e], record });
  }
  // Several records (spells): one timeline. On one day, an earlier stage comes first.
  if (records.length > 1) steps.sort((a, b) => a.day - b.day || a.stage - b.stage || index.recordPartner[a.record] - index.recordPartner[b.record]);
  return steps;
}

function countHandoff(transition: Map<number, Map<number | null, number>>, from: number, to: number | null): void {
  let row = transition.get(from);
  if (!row) {
    row = new Map();
    transition.set(from, row);
  }
  row.set(to, (row.get(to) ?? 0) + 1);
}

/**
 * The strict funnel of one pathway (stages 0..n-1, as indexes into the stages the partners were
 * asked for): a person enters at their first stage-0 event in `cohort`, and reaches stage i at
 * their first stage-i event on or after the day they reached stage i-1, at whichever partner.
 * Cells are the entry record's (so PARTNER is the partner where the person entered).
 */
export function tallyFunnel(index: PeopleIndex, stageCount: number, cohort: DayRange): FunnelTally {
  const tally: FunnelTally = {
    stages: Array.from({ length: stageCount }, () => new Map()),
    transitions: Array.from({ length: stageCount - 1 }, () => new Map()),
    people: 0,
  };
  for (const records of index.people) {
    const steps = stepsOf(index, records);
    let at = steps.findIndex((s) => s.stage === 0 && (!cohort || (s.day >= cohort.from && s.day < cohort.before)));
    if (at < 0) continue;
    tally.people++;
    const cell = index.recordCell[steps[at].record];
    const add = (stage: number, days: number | null) => {
      let entry = tally.stages[stage].get(cell);
      if (!entry) {
        entry = { count: 0, days: [] };
        tally.stages[stage].set(cell, entry);
      }
      entry.count++;
      if (days !== null) entry.days.push(days);
    };
    add(0, null);
    for (let stage = 1; stage < stageCount; stage++) {
      const from = steps[at];
      let next = at + 1;
      while (next < steps.length && steps[next].stage !== stage) next++;
      const reached = next < steps.length;
      countHandoff(tally.transitions[stage - 1], index.recordPartner[from.record], reached ? index.recordPartner[steps[next].record] : null);
      if (!reached) break;
      add(stage, steps[next].day - from.day);
      at = next;
    }
  }
  return tally;
}
