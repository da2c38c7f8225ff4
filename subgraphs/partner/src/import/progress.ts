/** Progress on a terminal: rows, rate and time left, redrawn in place on a TTY, every few seconds otherwise. */
export class Progress {
  private started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  phase(name: string, total?: number): void {
    this.started = Date.now();
    this.lastDraw = 0;
    this.name = name;
    this.update(0, total, true);
  }

  private name = '';

  update(done: number, total?: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const interval = this.stream.isTTY ? 200 : 5_000;
    if (!force && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const left = total !== undefined && rate > 0 ? ` · ~${Math.ceil((total - done) / rate)} s left` : '';
    const line = `${this.name}: ${done.toLocaleString('en-US')}${total !== undefined ? `/${total.toLocaleString('en-US')}` : ''} rows · ${Math.round(rate).toLocaleString('en-US')} rows/s${left}`;
    this.stream.write(this.stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  end(done: number, total?: number): void {
    this.update(done, total, true);
    if (this.enabled && this.stream.isTTY) this.stream.write('\n');
  }
}
