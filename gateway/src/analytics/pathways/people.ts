import { cellKey, compareDimensions, type PathwaySummaryColumns } from '@coalition/shared';

export interface PartnerSummary {
  partnerId: string;
  columns: PathwaySummaryColumns;
}

/**
 * The answering partners' summaries as one table of records grouped by person: a person is a
 * surviving GSID (a partner's copy may lag a merge: `survivorOf` maps it), or an unlinked record
 * on its own. Records keep their partner and dimension values; events and observations are
 * stored column-wise, each record's in one contiguous, date-ordered range.
 */
export class PeopleIndex {
  readonly partnerIds: string[] = [];
  /** Per record: the partner (index into partnerIds). */
  readonly recordPartner: number[] = [];
  /** Per record: its cell (index into `cells`), the combination of its dimension values. */
  readonly recordCell: number[] = [];
  readonly cells: Array<Array<{ dimension: string; value: string }>> = [];
  private readonly cellIndex = new Map<string, number>();
  readonly eventStart: number[] = [];
  readonly eventStage: number[] = [];
  readonly eventDay: number[] = [];
  readonly observationStart: number[] = [];
  readonly observationMeasure: number[] = [];
  readonly observationValue: number[] = [];
  readonly observationDay: number[] = [];
  /** Per person: their records. */
  readonly people: number[][] = [];

  constructor(summaries: readonly PartnerSummary[], survivorOf: ReadonlyMap<string, string>) {
    const personOf = new Map<string, number>();
    for (const { partnerId, columns } of summaries) {
      const partner = this.partnerIds.push(partnerId) - 1;
      const base = this.recordPartner.length;
      const records = columns.gsid.length;
      const localCell: number[] = new Array(records);
      const seen = new Map<string, number>();
      // By dimension name, in canonical order: a partner's column order is not trusted to match.
      const dimensions = columns.dimensions.map((dimension, d) => ({ dimension, d })).sort((a, b) => compareDimensions(a.dimension, b.dimension));
      for (let r = 0; r < records; r++) {
        const values = dimensions.map(({ dimension, d }) => ({ dimension, value: columns.dimensionValues[d][columns.dimensionCodes[d][r]] }));
        const key = cellKey(values);
        let cell = seen.get(key) ?? this.cellIndex.get(key);
        if (cell === undefined) {
          cell = this.cells.push(values) - 1;
          this.cellIndex.set(key, cell);
        }
        seen.set(key, cell);
        localCell[r] = cell;
      }
      let e = 0;
      let o = 0;
      for (let r = 0; r < records; r++) {
        this.recordPartner.push(partner);
        this.recordCell.push(localCell[r]);
        this.eventStart.push(this.eventStage.length);
        while (e < columns.eventRecord.length && columns.eventRecord[e] === r) {
          this.eventStage.push(columns.eventStage[e]);
          this.eventDay.push(columns.eventDay[e]);
          e++;
        }
        this.observationStart.push(this.observationMeasure.length);
        while (o < columns.observationRecord.length && columns.observationRecord[o] === r) {
          this.observationMeasure.push(columns.observationMeasure[o]);
          this.observationValue.push(columns.observationValue[o]);
          this.observationDay.push(columns.observationDay[o]);
          o++;
        }
        const gsid = columns.gsid[r];
        const record = base + r;
        if (gsid === null) {
          this.people.push([record]);
          continue;
        }
        const person = survivorOf.get(`${partnerId} ${gsid}`) ?? gsid;
        const index = personOf.get(person);
        if (index === undefined) {
          personOf.set(person, this.people.length);
          this.people.push([record]);
        } else this.people[index].push(record);
      }
      if (e !== columns.eventRecord.length || o !== columns.observationRecord.length) {
        throw new Error(`partner ${partnerId} sent events or observations out of record order`);
      }
    }
    this.eventStart.push(this.eventStage.length);
    this.observationStart.push(this.observationMeasure.length);
  }

  get recordCount(): number {
    return this.recordPartner.length;
  }
}
