import type { LabelledRecord } from './population';

/** What resolution said about one record. */
export interface ResolvedRecord {
  gsid: string;
  decision: string;
  candidateGsid: string | null;
}

export interface PairCounts {
  /** record pairs put together */
  predicted: number;
  /** of those, pairs that are truly one person */
  correct: number;
  /** record pairs that truly are one person */
  truePairs: number;
  precision: number;
  recall: number;
}

export interface LinkageAccuracy {
  records: number;
  people: number;
  autoLink: PairCounts;
  /** auto-links plus every possible match confirmed */
  autoPlusReview: PairCounts;
  reviewQueue: number;
  bySex: Record<string, { autoLink: PairCounts; autoPlusReview: PairCounts }>;
  byRaceGroup: Record<string, { autoLink: PairCounts; autoPlusReview: PairCounts }>;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function counts(predicted: number, correct: number, truePairs: number): PairCounts {
  return { predicted, correct, truePairs, precision: predicted ? correct / predicted : 1, recall: truePairs ? correct / truePairs : 1 };
}

/**
 * Pairwise precision and recall of a clustering against the truth. A predicted pair counts for
 * the group of each of its two records' people (half each), so mixed pairs are shared.
 */
function score(records: readonly LabelledRecord[], clusterOf: (r: LabelledRecord) => string, groupOf: (r: LabelledRecord) => string) {
  const clusters = new Map<string, LabelledRecord[]>();
  for (const record of records) {
    const key = clusterOf(record);
    clusters.set(key, [...(clusters.get(key) ?? []), record]);
  }
  const tally = new Map<string, { predicted: number; correct: number; truePairs: number }>();
  const at = (group: string) => tally.get(group) ?? tally.set(group, { predicted: 0, correct: 0, truePairs: 0 }).get(group)!;
  for (const members of clusters.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const same = members[i].personId === members[j].personId;
        for (const member of [members[i], members[j]]) {
          const t = at(groupOf(member));
          t.predicted += 0.5;
          if (same) t.correct += 0.5;
        }
      }
    }
  }
  const people = new Map<number, LabelledRecord[]>();
  for (const record of records) people.set(record.personId, [...(people.get(record.personId) ?? []), record]);
  for (const members of people.values()) at(groupOf(members[0])).truePairs += pairs(members.length);
  const result: Record<string, PairCounts> = {};
  let predicted = 0,
    correct = 0,
    truePairs = 0;
  for (const [group, t] of tally) {
    result[group] = counts(t.predicted, t.correct, t.truePairs);
    predicted += t.predicted;
    correct += t.correct;
    truePairs += t.truePairs;
  }
  return { overall: counts(predicted, correct, truePairs), byGroup: result };
}

function unionFind() {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  return { find, union: (a: string, b: string) => parent.set(find(a), find(b)) };
}

/** Scores resolution outcomes (keyed by `${partnerId}/${localId}`) against the population's truth. */
export function evaluateLinkage(records: readonly LabelledRecord[], outcomes: ReadonlyMap<string, ResolvedRecord>): LinkageAccuracy {
  const outcomeOf = (r: LabelledRecord) => {
    const found = outcomes.get(`${r.partnerId}/${r.localId}`);
    if (!found) throw new Error(`no outcome for ${r.partnerId}/${r.localId}`);
    return found;
  };
  const uf = unionFind();
  let reviewQueue = 0;
  for (const record of records) {
    const outcome = outcomeOf(record);
    if (outcome.decision === 'POSSIBLE_MATCH' && outcome.candidateGsid) {
      reviewQueue++;
      uf.union(outcome.gsid, outcome.candidateGsid);
    }
  }
  const auto = (r: LabelledRecord) => outcomeOf(r).gsid;
  const reviewed = (r: LabelledRecord) => uf.find(outcomeOf(r).gsid);
  const views = {
    sex: (r: LabelledRecord) => r.sex,
    race: (r: LabelledRecord) => r.raceGroup,
  };
  const [autoSex, reviewSex, autoRace, reviewRace] = [
    score(records, auto, views.sex),
    score(records, reviewed, views.sex),
    score(records, auto, views.race),
    score(records, reviewed, views.race),
  ];
  const byGroup = (a: Record<string, PairCounts>, b: Record<string, PairCounts>) =>
    Object.fromEntries(
      Object.keys(a)
        .sort()
        .map((g) => [g, { autoLink: a[g], autoPlusReview: b[g] }]),
    );
  return {
    records: records.length,
    people: new Set(records.map((r) => r.personId)).size,
    autoLink: autoSex.overall,
    autoPlusReview: reviewSex.overall,
    reviewQueue,
    bySex: byGroup(autoSex.byGroup, reviewSex.byGroup),
    byRaceGroup: byGroup(autoRace.byGroup, reviewRace.byGroup),
  };
}

/** A record that may carry what was done to it and who it is related to (both generators annotate). */
export type AnnotatedRecord = LabelledRecord;

export interface HardCaseReport {
  /** per corruption type: true pairs with a record so corrupted, and how many each stage put together */
  byCorruption: Record<string, { pairs: number; autoLinked: number; withReview: number; autoRecall: number; reviewRecall: number }>;
  /** per relation: record pairs of two related (different) people that auto-linking put together, and that review would */
  relatedPairsLinked: Record<string, { autoLinked: number; inReview: number }>;
  /** review items whose record truly is the candidate's person, and all review items */
  reviewTrue: number;
  reviewItems: number;
}

/**
 * Accuracy by what makes linkage hard: recall per corruption type (a pair counts for each type
 * either of its records carries) and related people (twins, father and son, namesakes) put
 * together, automatically or by review.
 */
export function evaluateHardCases(records: readonly AnnotatedRecord[], outcomes: ReadonlyMap<string, ResolvedRecord>): HardCaseReport {
  const key = (r: LabelledRecord) => `${r.partnerId}/${r.localId}`;
  const outcome = (r: LabelledRecord) => outcomes.get(key(r))!;
  const uf = unionFind();
  const peopleOfGsid = new Map<string, Set<number>>();
  for (const r of records) {
    const o = outcome(r);
    if (o.decision === 'POSSIBLE_MATCH' && o.candidateGsid) uf.union(o.gsid, o.candidateGsid);
    peopleOfGsid.set(o.gsid, (peopleOfGsid.get(o.gsid) ?? new Set()).add(r.personId));
  }
  let reviewTrue = 0;
  let reviewItems = 0;
  for (const r of records) {
    const o = outcome(r);
    if (o.decision !== 'POSSIBLE_MATCH' || !o.candidateGsid) continue;
    reviewItems++;
    if (peopleOfGsid.get(o.candidateGsid)?.has(r.personId)) reviewTrue++;
  }
  const byPerson = new Map<number, AnnotatedRecord[]>();
  for (const r of records) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const byCorruption: HardCaseReport['byCorruption'] = {};
  for (const members of byPerson.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [a, b] = [members[i], members[j]];
        const types = new Set([...(a.corruptions ?? []), ...(b.corruptions ?? [])]);
        if (!types.size) types.add('NONE');
        const auto = outcome(a).gsid === outcome(b).gsid;
        const reviewed = uf.find(outcome(a).gsid) === uf.find(outcome(b).gsid);
        for (const type of types) {
          byCorruption[type] ??= { pairs: 0, autoLinked: 0, withReview: 0, autoRecall: 0, reviewRecall: 0 };
          const t = byCorruption[type];
          t.pairs++;
          if (auto) t.autoLinked++;
          if (reviewed) t.withReview++;
        }
      }
    }
  }
  for (const t of Object.values(byCorruption)) {
    t.autoRecall = t.autoLinked / t.pairs;
    t.reviewRecall = t.withReview / t.pairs;
  }
  const relatedPairsLinked: HardCaseReport['relatedPairsLinked'] = {};
  for (const a of records) {
    if (!a.relation || !a.relatedPersonIds) continue;
    relatedPairsLinked[a.relation] ??= { autoLinked: 0, inReview: 0 };
    const t = relatedPairsLinked[a.relation];
    for (const other of a.relatedPersonIds) {
      if (other < a.personId) continue; // each related pair of people once
      for (const b of byPerson.get(other) ?? []) {
        if (outcome(a).gsid === outcome(b).gsid) t.autoLinked++;
        else if (uf.find(outcome(a).gsid) === uf.find(outcome(b).gsid)) t.inReview++;
      }
    }
  }
  return { byCorruption, relatedPairsLinked, reviewTrue, reviewItems };
}
