/** Anything started that has to be stopped: a server, a service, a group of processes. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * What a process started, one thing after another, to be stopped in the reverse order: what
 * started later may use what started before (a server its database, a partner the registry).
 * Every stop runs even when an earlier one failed; failures go to `onError`, or without it the
 * first is thrown once everything has been stopped.
 */
export class StopStack implements Stoppable {
  private readonly stops: Array<() => Promise<void>> = [];

  constructor(private readonly onError?: (error: unknown) => void) {}

  /** Registers how to undo what was just started. */
  defer(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** Registers something just started by its own stop(), and returns it. */
  use<T extends Stoppable>(resource: T): T {
    this.defer(() => resource.stop());
    return resource;
  }

  /** Stops everything, last started first, each once. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    for (let stop = this.stops.pop(); stop; stop = this.stops.pop()) {
      try {
        await stop();
      } catch (error) {
        if (this.onError) this.onError(error);
        else failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  }

  /**
   * Runs `start`, which registers what it starts on this stack. If it fails, what it had
   * started is stopped and its error (not a stop's) is thrown: a half-started service holds
   * no port, pool or connection.
   */
  async guard<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }
}
