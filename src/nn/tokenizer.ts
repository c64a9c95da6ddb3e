/**
 * Byte-level tokenizer: every UTF-8 byte is a token (0–255), plus PAD, BOS and EOS. Nothing to
 * train and nothing is ever out of vocabulary; the synthetic corpus is small enough that the
 * longer sequences cost less than a learned merge table would complicate. Saved with checkpoints.
 */
export interface ByteTokenizerJSON {
  type: 'byte';
  vocabSize: number;
  pad: number;
  bos: number;
  eos: number;
}

import type { Tokenizer } from './tokenizerInterface.js';
import { WordTokenizer } from './wordTokenizer.js';

export type { Tokenizer } from './tokenizerInterface.js';

export class ByteTokenizer implements Tokenizer {
  readonly pad = 256;
  readonly bos = 257;
  readonly eos = 258;
  readonly vocabSize = 259;

  encode(text: string): number[] {
    return [...Buffer.from(text, 'utf8')];
  }

  /** Special tokens are dropped; a byte sequence cut mid-character decodes with U+FFFD. */
  decode(ids: readonly number[]): string {
    return Buffer.from(ids.filter((i) => i >= 0 && i < 256)).toString('utf8');
  }

  toJSON(): ByteTokenizerJSON {
    return { type: 'byte', vocabSize: this.vocabSize, pad: this.pad, bos: this.bos, eos: this.eos };
  }

  static fromJSON(j: unknown): ByteTokenizer {
    const t = new ByteTokenizer();
    const o = j as Partial<ByteTokenizerJSON> | null;
    if (
      !o ||
      o.type !== 'byte' ||
      o.vocabSize !== t.vocabSize ||
      o.pad !== t.pad ||
      o.bos !== t.bos ||
      o.eos !== t.eos
    ) {
      throw new Error(`unsupported tokenizer ${JSON.stringify(j)}; expected ${JSON.stringify(t.toJSON())}`);
    }
    return t;
  }
}

/** The tokenizer a checkpoint's config.json describes. */
export function tokenizerFromJSON(j: unknown): Tokenizer {
  const type = (j as { type?: unknown } | null)?.type;
  return type === 'word' ? WordTokenizer.fromJSON(j) : ByteTokenizer.fromJSON(j);
}
