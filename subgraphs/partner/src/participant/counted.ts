import type { DataSource } from 'typeorm';

/**
 * The participants network figures count: everyone, but those whose recorded consent keeps them
 * out of figures (docs/CONSENT.md). A views schema without `participant_consent` counts everyone.
 * Read once per service: the relation does not come and go while the service runs.
 */
export class CountedParticipants {
  private present?: Promise<boolean>;

  constructor(private readonly dataSource: DataSource) {}

  /** A relation to read participants from in figures, as `FROM ${source} p`. */
  async source(): Promise<string> {
    this.present ??= this.dataSource.query(`SELECT to_regclass('participant_consent') IS NOT NULL AS present`).then((rows) => rows[0].present === true);
    return (await this.present)
      ? '(SELECT counted.* FROM participant counted WHERE NOT EXISTS (SELECT 1 FROM participant_consent c WHERE c.local_id = counted.local_id AND NOT c.in_figures))'
      : 'participant';
  }
}
