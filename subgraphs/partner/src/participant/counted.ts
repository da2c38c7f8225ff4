import type { DataSource } from 'typeorm';
import { Probe } from '../db/probe';

/**
 * The participants network figures count: everyone, but those whose recorded consent keeps them
 * out of figures (docs/CONSENT.md). A views schema without `participant_consent` counts everyone.
 * Read once per service: the relation does not come and go while the service runs.
 */
export class CountedParticipants {
  private readonly present: Probe<boolean>;

  constructor(dataSource: DataSource) {
    this.present = new Probe(() =>
      dataSource.query(`SELECT to_regclass('participant_consent') IS NOT NULL AS present`).then((rows) => rows[0].present === true),
    );
  }

  /** Whether this database records consent (a views schema may leave `participant_consent` out: then everyone has the defaults). */
  recorded(): Promise<boolean> {
    return this.present.get();
  }

  /** A relation to read participants from in figures, as `FROM ${source} p`. */
  async source(): Promise<string> {
    return (await this.recorded())
      ? '(SELECT counted.* FROM participant counted WHERE NOT EXISTS (SELECT 1 FROM participant_consent c WHERE c.local_id = counted.local_id AND NOT c.in_figures))'
      : 'participant';
  }
}
