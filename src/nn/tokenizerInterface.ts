/** What the model, trainers and server need of a tokenizer (byte-level or word-level). */
export interface Tokenizer {
  readonly pad: number;
  readonly bos: number;
  readonly eos: number;
  readonly vocabSize: number;
  encode(text: string): number[];
  /** Special tokens are dropped. */
  decode(ids: readonly number[]): string;
  toJSON(): unknown;
}
