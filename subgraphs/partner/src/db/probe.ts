/**
 * A fact read once from the database and kept (which optional relations a views schema has). A
 * read that fails, with the database down, is not kept: the next call reads again, so a partner
 * whose database comes back answers again (tests/e2e/database-outage.test.ts).
 */
export class Probe<T> {
  private value?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    this.value ??= this.read().catch((error) => {
      this.value = undefined;
      throw error;
    });
    return this.value;
  }
}
