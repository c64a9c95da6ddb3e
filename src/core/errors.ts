/** Error types that carry enough context to tell the user what to fix. */

/** A record on disk that does not match its schema: names the file, row and field. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | null,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}${row === null ? '' : `: row ${row}`}${field ? `: field '${field}'` : ''}: ${detail}`);
    this.name = 'DataError';
  }
}

/** `truncated`: fewer frames decode than the container declares (a cut or damaged stream). */
export type MediaErrorCode = 'missing' | 'empty' | 'corrupt' | 'truncated' | 'unsupported' | 'ffmpeg';

/** A video or image that cannot be read; becomes a per-item error record, never a crash. */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${code}: ${detail}`);
    this.name = 'MediaError';
  }
}

/** A model request that failed after its retry budget. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** Bad command-line or config input. The CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
