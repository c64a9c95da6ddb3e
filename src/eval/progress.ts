/** Progress on stderr: a live line on a TTY, a plain log line every few seconds otherwise. */
export class Progress {
  private done = 0;
  private errors = 0;
  /** The latest failure's reason, shown with the error count so the terminal says why, not only how many. */
  private lastError = '';
  private readonly start = performance.now();
  private lastPrint = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream | null = process.stderr,
    private readonly intervalMs = 5000,
    private readonly unit = 'items',
    /** Extra state shown at the end of the line (e.g. the server pool's window). */
    private readonly status?: () => string,
  ) {
    this.tty = Boolean(out?.isTTY);
  }

  tick(ok: boolean, reason?: string): void {
    this.done++;
    if (!ok) {
      this.errors++;
      if (reason) this.lastError = reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
    }
    const now = performance.now();
    if (this.done === this.total || now - this.lastPrint >= (this.tty ? 200 : this.intervalMs)) {
      this.lastPrint = now;
      this.print();
    }
  }

  line(): string {
    const secs = (performance.now() - this.start) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : NaN;
    const pct = this.total ? ((100 * this.done) / this.total).toFixed(1) : '100.0';
    const extra = this.status ? ` ${this.status()}` : '';
    return (
      `${this.label} ${this.done}/${this.total} (${pct}%) ${rate.toFixed(2)} ${this.unit}/s ETA ${fmtSecs(eta)}` +
      `${extra}${this.errors ? ` errors ${this.errors}${this.lastError ? ` (last: ${this.lastError})` : ''}` : ''}`
    );
  }

  private print(): void {
    if (!this.out) return;
    if (this.tty) this.out.write(`\r\x1b[K${this.line()}${this.done === this.total ? '\n' : ''}`);
    else this.out.write(`${this.line()}\n`);
  }
}

export function fmtSecs(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
