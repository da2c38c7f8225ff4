/** A shared person a partner holds a qualifying record of: its GSID there, the surviving GSID, and the record's anchor date. */
export interface SharedRecord {
  partnerId: string;
  gsid: string;
  survivor: string;
  /** YYYY-MM-DD */
  anchorOn: string;
}

/** Does `a` win over `b`: the later record, then the first partner id, then (two merged GSIDs at one partner) the first GSID. */
function counts(a: SharedRecord, b: SharedRecord): boolean {
  if (a.anchorOn !== b.anchorOn) return a.anchorOn > b.anchorOn;
  if (a.partnerId !== b.partnerId) return a.partnerId < b.partnerId;
  return a.gsid < b.gsid;
}

/**
 * Counting people, a person linked at several partners counts at one: the partner holding
 * their latest qualifying record (ties: the first partner id), so the choice does not depend on
 * which partner answered first. Returns, per person (surviving GSID), the record they count by.
 */
export function countingRecords<R extends SharedRecord>(records: readonly R[]): Map<string, R> {
  const counting = new Map<string, R>();
  for (const record of records) {
    const current = counting.get(record.survivor);
    if (!current || counts(record, current)) counting.set(record.survivor, record);
  }
  return counting;
}
