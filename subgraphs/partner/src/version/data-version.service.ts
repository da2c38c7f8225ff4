import type { DataSource } from 'typeorm';
import type { DataChanges } from './data-changes.type';
import { readChangesSince, readDataVersion, type DataVersionSource } from './data-version';
import type { DataVersionWatcher } from './data-version.watcher';

/** The partner's data version: from the watcher's memory while it listens (no SQL), else one statement. */
export class DataVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: DataVersionSource = 'table',
    private readonly watcher?: DataVersionWatcher,
  ) {}

  async current(): Promise<string> {
    return this.watcher?.current() ?? readDataVersion(this.dataSource, this.source);
  }

  /**
   * Records changed since `version`, from the change log our migrations keep. A partner on views
   * has no such log and versions of its own making, so its count is unknown (null).
   */
  async changesSince(version: string): Promise<DataChanges> {
    if (this.source !== 'table') return { records: null, truncated: false, version: await this.current() };
    return readChangesSince(this.dataSource, version);
  }
}
