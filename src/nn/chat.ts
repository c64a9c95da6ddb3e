/**
 * The chat template of the embedded model: BOS, then every turn's UTF-8 bytes each closed by EOS.
 * The model answers after the last EOS and closes its own turn with EOS, so the same token both
 * ends the prompt during training and stops generation when serving. Roles are not marked: the
 * model only ever sees one user turn followed by its answer.
 */
import type { Tokenizer } from './tokenizer.js';

export function chatPrompt(tok: Tokenizer, turns: readonly string[]): number[] {
  const out = [tok.bos];
  // A loop, not push(...ids): spreading a long prompt's ids as arguments overflows the call stack.
  for (const t of turns) {
    for (const id of tok.encode(t)) out.push(id);
    out.push(tok.eos);
  }
  return out;
}
