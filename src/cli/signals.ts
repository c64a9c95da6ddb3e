/**
 * Graceful shutdown for the long-running servers: the first SIGINT/SIGTERM lets the requests in
 * flight finish (`close`), then exits 0; a second signal means "now" and exits 130 at once.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`${signal}: finishing requests in flight…\n`);
    void close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * For runs that store as they go (eval): Ctrl-C (SIGINT) or SIGTERM says what happened and how to
 * resume, then exits 130 at once; what was stored stays stored (a torn last line is dropped on resume).
 */
export function exitOnInterrupt(message: () => string): void {
  const stop = (signal: string): void => {
    process.stderr.write(`\n${signal}: ${message()}\n`);
    process.exit(130);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
