/** A shared person a partner holds a qualifying record of: its GSID there, the surviving GSID, and the record's anchor date. */
export interface SharedRecord {
  partnerId: string;
  gsid: string;
  survivor: string;
  /** YYYY-MM-DD */
  anchorOn: string;
}

/**
 * Counting people, a person linked at several partners counts at one: the partner holding
 * their latest qualifying record (ties: the first partner id), so the choice does not depend on
 * which partner answered first. Returns, per partner, the GSIDs it must leave out of its cells.
 */
export function exclusionsOf(records: readonly SharedRecord[]): Map<string, string[]> {
  const counting = new Map<string, SharedRecord>();
  for (const record of records) {
    const current = counting.get(record.survivor);
    if (!current || record.anchorOn > current.anchorOn || (record.anchorOn === current.anchorOn && record.partnerId < current.partnerId)) {
      counting.set(record.survivor, record);
    }
  }
  const byPartner = new Map<string, string[]>();
  for (const record of records) {
    if (counting.get(record.survivor)!.partnerId === record.partnerId) continue;
    const list = byPartner.get(record.partnerId);
    if (list) list.push(record.gsid);
    else byPartner.set(record.partnerId, [record.gsid]);
  }
  return byPartner;
}
