/**
 * The safetensors format, read and written directly: an 8-byte little-endian header length, a JSON
 * header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then
 * the raw little-endian bytes. Files written here load in Python with `safetensors` or with the
 * twenty lines of numpy in bench/engine/torch_model.py.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomicWrite.js';

export type StoredArray = Float32Array | Int32Array;

export interface StoredTensor {
  shape: number[];
  data: StoredArray;
}

const DTYPES = { F32: Float32Array, I32: Int32Array } as const;

export function encodeSafetensors(
  tensors: Record<string, StoredTensor>,
  metadata: Record<string, string> = {},
): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name]!;
    if (t.shape.reduce((a, b) => a * b, 1) !== t.data.length)
      throw new Error(`safetensors: ${name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[name] = {
      dtype: t.data instanceof Float32Array ? 'F32' : 'I32',
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (as the reference writer does).
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + head.length + offset);
  out.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(out, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const d = tensors[name]!.data;
    // Typed arrays are little-endian on every platform Node supports (x86, ARM).
    Buffer.from(d.buffer, d.byteOffset, d.byteLength).copy(out, at);
    at += d.byteLength;
  }
  return out;
}

export function decodeSafetensors(
  buf: Buffer,
  source = 'safetensors',
): { tensors: Record<string, StoredTensor>; metadata: Record<string, string> } {
  if (buf.length < 8) throw new Error(`${source}: too short to be a safetensors file`);
  const n = Number(buf.readBigUInt64LE(0));
  if (8 + n > buf.length) throw new Error(`${source}: header length ${n} runs past the end of the file`);
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  const base = 8 + n;
  const tensors: Record<string, StoredTensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = v as Record<string, string>;
      continue;
    }
    const e = v as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const Ctor = DTYPES[e.dtype as keyof typeof DTYPES];
    if (!Ctor) throw new Error(`${source}: tensor ${name} has dtype ${e.dtype}; only F32 and I32 are supported`);
    const [b, end] = e.data_offsets;
    const count = e.shape.reduce((a, c) => a * c, 1);
    if (end - b !== count * 4 || base + end > buf.length)
      throw new Error(`${source}: tensor ${name} has bad data_offsets`);
    // Copy into a fresh, aligned buffer (the file's offsets need not be 4-byte aligned in memory).
    const data = new Ctor(count);
    Buffer.from(data.buffer).set(buf.subarray(base + b, base + end));
    tensors[name] = { shape: e.shape, data };
  }
  return { tensors, metadata };
}

/** Write atomically (temp file + rename) so a crash never leaves a half-written checkpoint. */
export function saveSafetensors(
  path: string,
  tensors: Record<string, StoredTensor>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export function loadSafetensors(path: string): {
  tensors: Record<string, StoredTensor>;
  metadata: Record<string, string>;
} {
  return decodeSafetensors(readFileSync(path), path);
}
