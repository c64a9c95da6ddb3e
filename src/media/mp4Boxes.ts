/**
 * Just enough of ISO BMFF (MP4/MOV) to describe the first video track from the `moov` box, so a probe
 * costs a few small reads instead of an ffprobe process. Anything unexpected throws; the caller
 * falls back to ffprobe, which stays the authority for odd files.
 */
import type { FileHandle } from 'node:fs/promises';

export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte in the file or buffer. */
  start: number;
  /** Offset of its payload (after size, type and any 64-bit size). */
  body: number;
  /** Offset one past its last byte. */
  end: number;
}

export interface Mp4VideoTrack {
  /** Sample-entry fourcc from stsd: avc1, hvc1, hev1, av01, mp4v, … */
  codec: string;
  /** Coded size from the visual sample entry (what a decoder returns), else tkhd's presentation size. */
  width: number;
  height: number;
  sampleCount: number;
  timescale: number;
  /** mdhd duration, in timescale ticks. */
  durationTicks: number;
  /** Sum of stts sample deltas, in timescale ticks: ffmpeg's denominator for the average frame rate. */
  sttsTicks: number;
}

export interface Mp4Movie {
  /** ftyp major brand ('isom', 'mp42', 'qt  ', …), '' when the file has no ftyp. */
  brand: string;
  video: Mp4VideoTrack | null;
}

/** moov boxes past this size are not worth holding in memory for a probe; ffprobe handles them. */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;

/** Top-level types that may precede moov in real files; anything else means "not ISO BMFF". */
const TOP_LEVEL = new Set([
  'ftyp',
  'moov',
  'mdat',
  'free',
  'skip',
  'wide',
  'pnot',
  'uuid',
  'styp',
  'sidx',
  'meta',
  'pdin',
  'junk',
  'PICT',
  'prfl',
]);

/** Read a box header at `offset` of a file; 64-bit sizes and size 0 ("to end of file") included. */
async function readBoxHeaderAt(fh: FileHandle, offset: number, fileSize: number): Promise<BoxHeader> {
  const head = Buffer.alloc(16);
  const { bytesRead } = await fh.read(head, 0, 16, offset);
  return parseBoxHeader(head.subarray(0, bytesRead), 0, fileSize - offset, offset);
}

/**
 * Header of the box at `pos` in `buf`, whose enclosing space ends `limit` bytes after `pos`;
 * offsets in the result are shifted by `base` (the buffer's position in the file).
 */
export function parseBoxHeader(buf: Buffer, pos: number, limit: number, base = 0): BoxHeader {
  if (limit < 8 || buf.length < pos + 8) throw new RangeError('box header past end');
  let size = buf.readUInt32BE(pos);
  const type = buf.toString('latin1', pos + 4, pos + 8);
  if (!/^[\x20-\x7e]{4}$/.test(type)) throw new RangeError('box type is not a fourcc');
  let header = 8;
  if (size === 1) {
    if (buf.length < pos + 16) throw new RangeError('64-bit box header past end');
    size = Number(buf.readBigUInt64BE(pos + 8));
    header = 16;
  } else if (size === 0) {
    size = limit;
  }
  if (size < header) throw new RangeError(`box '${type}' has size ${size}`);
  return { type, start: base + pos, body: base + pos + header, end: base + pos + size };
}

/**
 * Locate and parse `moov` by walking top-level box headers (moov may sit before or after mdat).
 * Returns null when the file is ISO BMFF but has no complete moov (truncated, fragmented-only).
 */
export async function readMp4Movie(fh: FileHandle, fileSize: number): Promise<Mp4Movie | null> {
  let brand = '';
  for (let offset = 0; offset + 8 <= fileSize; ) {
    const box = await readBoxHeaderAt(fh, offset, fileSize);
    if (offset === 0 && !TOP_LEVEL.has(box.type)) throw new RangeError(`not an MP4/MOV file (first box '${box.type}')`);
    if (box.type === 'ftyp' && box.end - box.body >= 4) brand = await readString(fh, box.body, 4);
    if (box.type === 'moov') {
      if (box.end > fileSize) return null; // cut off mid-moov
      if (box.end - box.body > MAX_MOOV_BYTES) throw new RangeError('moov too large to parse in memory');
      const moov = Buffer.alloc(box.end - box.body);
      await fh.read(moov, 0, moov.length, box.body);
      return { brand, video: firstVideoTrack(moov) };
    }
    offset = box.end;
  }
  return null;
}

async function readString(fh: FileHandle, pos: number, len: number): Promise<string> {
  const b = Buffer.alloc(len);
  await fh.read(b, 0, len, pos);
  return b.toString('latin1');
}

/** Children of the box whose payload is buf[from, to). */
export function* childBoxes(buf: Buffer, from: number, to: number): Generator<BoxHeader> {
  for (let pos = from; pos + 8 <= to; ) {
    const box = parseBoxHeader(buf, pos, to - pos);
    if (box.end > to) throw new RangeError(`box '${box.type}' overruns its parent`);
    yield box;
    pos = box.end;
  }
}

function child(buf: Buffer, parent: BoxHeader, type: string): BoxHeader | null {
  for (const b of childBoxes(buf, parent.body, parent.end)) if (b.type === type) return b;
  return null;
}

function path(buf: Buffer, root: BoxHeader, types: string[]): BoxHeader | null {
  let cur: BoxHeader | null = root;
  for (const t of types) {
    if (!cur) return null;
    cur = child(buf, cur, t);
  }
  return cur;
}

/** Parse the payload of a moov box: the first trak whose handler is 'vide', or null if none. */
export function firstVideoTrack(moov: Buffer): Mp4VideoTrack | null {
  for (const trak of childBoxes(moov, 0, moov.length)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(moov, trak, ['mdia', 'hdlr']);
    // hdlr: version/flags(4) pre_defined(4) handler_type(4)
    if (!hdlr || moov.toString('latin1', hdlr.body + 8, hdlr.body + 12) !== 'vide') continue;
    return parseVideoTrak(moov, trak);
  }
  return null;
}

function parseVideoTrak(buf: Buffer, trak: BoxHeader): Mp4VideoTrack {
  const mdhd = path(buf, trak, ['mdia', 'mdhd']);
  const stbl = path(buf, trak, ['mdia', 'minf', 'stbl']);
  if (!mdhd || !stbl) throw new RangeError('video trak lacks mdhd or stbl');
  const { timescale, duration } = parseMdhd(buf, mdhd);
  const stsd = child(buf, stbl, 'stsd');
  const stts = child(buf, stbl, 'stts');
  const stsz = child(buf, stbl, 'stsz') ?? child(buf, stbl, 'stz2');
  if (!stsd) throw new RangeError('video trak lacks stsd');
  const entry = parseVisualSampleEntry(buf, stsd);
  const tkhd = child(buf, trak, 'tkhd');
  const shown = tkhd ? parseTkhdSize(buf, tkhd) : { width: 0, height: 0 };
  const timing = stts ? parseStts(buf, stts) : { count: 0, ticks: 0 };
  return {
    codec: entry.codec,
    width: entry.width || shown.width,
    height: entry.height || shown.height,
    // stsz (or compact stz2) carries the authoritative count; stts sums to the same in valid files.
    sampleCount: stsz ? buf.readUInt32BE(stsz.body + 8) : timing.count,
    timescale,
    durationTicks: duration,
    sttsTicks: timing.ticks,
  };
}

function parseMdhd(buf: Buffer, box: BoxHeader): { timescale: number; duration: number } {
  const version = buf.readUInt8(box.body);
  // v0: creation(4) modification(4) timescale(4) duration(4); v1: 8, 8, 4, 8
  if (version === 1)
    return { timescale: buf.readUInt32BE(box.body + 20), duration: Number(buf.readBigUInt64BE(box.body + 24)) };
  return { timescale: buf.readUInt32BE(box.body + 12), duration: buf.readUInt32BE(box.body + 16) };
}

/** tkhd width/height: 16.16 fixed point after the 36-byte matrix. */
function parseTkhdSize(buf: Buffer, box: BoxHeader): { width: number; height: number } {
  const version = buf.readUInt8(box.body);
  // v0 fields before reserved(8): creation(4) modification(4) track_ID(4) reserved(4) duration(4); v1 widens the times
  // to 8
  const afterDuration = box.body + 4 + (version === 1 ? 32 : 20);
  const sizeAt = afterDuration + 8 + 2 + 2 + 2 + 2 + 36;
  return {
    width: Math.round(buf.readUInt32BE(sizeAt) / 65536),
    height: Math.round(buf.readUInt32BE(sizeAt + 4) / 65536),
  };
}

/** First stsd entry: fourcc plus the 16-bit width/height of a VisualSampleEntry. */
function parseVisualSampleEntry(buf: Buffer, stsd: BoxHeader): { codec: string; width: number; height: number } {
  // stsd: version/flags(4) entry_count(4), then sample entries as boxes
  const entry = parseBoxHeader(buf, stsd.body + 8, stsd.end - stsd.body - 8);
  // SampleEntry: reserved(6) data_reference_index(2); VisualSampleEntry: pre_defined(2) reserved(2) pre_defined(12)
  // width(2) height(2)
  const at = entry.body + 8 + 16;
  if (at + 4 > entry.end) return { codec: entry.type, width: 0, height: 0 };
  return { codec: entry.type, width: buf.readUInt16BE(at), height: buf.readUInt16BE(at + 2) };
}

function parseStts(buf: Buffer, box: BoxHeader): { count: number; ticks: number } {
  const entries = buf.readUInt32BE(box.body + 4);
  if (box.body + 8 + entries * 8 > box.end) throw new RangeError('stts entry table overruns its box');
  let count = 0;
  let ticks = 0;
  for (let i = 0, p = box.body + 8; i < entries; i++, p += 8) {
    const n = buf.readUInt32BE(p);
    count += n;
    ticks += n * buf.readUInt32BE(p + 4);
  }
  return { count, ticks };
}

/** The timing and keyframe tables of the first video track: what a keyframe seek needs. */
export interface Mp4SampleTables {
  /** Media timescale (ticks per second). */
  timescale: number;
  /** Decode time of each sample in decode order, in ticks from the first (stts). */
  dts: number[];
  /** Composition offset of each sample (ctts; zeros when absent), signed. */
  ctts: number[];
  /** 0-based decode-order numbers of the sync samples (stss); null when every sample is sync. */
  sync: number[] | null;
  /** Edit list entries (elst) as media_time / rate pairs; empty when the track has none. */
  edits: { mediaTime: number; rate: number }[];
}

/** Locate moov like readMp4Movie and return the first video track's sample tables, or null. */
export async function readMp4SampleTables(fh: FileHandle, fileSize: number): Promise<Mp4SampleTables | null> {
  for (let offset = 0; offset + 8 <= fileSize; ) {
    const box = await readBoxHeaderAt(fh, offset, fileSize);
    if (offset === 0 && !TOP_LEVEL.has(box.type)) return null;
    if (box.type === 'moov') {
      if (box.end > fileSize || box.end - box.body > MAX_MOOV_BYTES) return null;
      const moov = Buffer.alloc(box.end - box.body);
      await fh.read(moov, 0, moov.length, box.body);
      return videoSampleTables(moov);
    }
    offset = box.end;
  }
  return null;
}

/** The sample tables of the first 'vide' trak of a moov payload; null when there is none. Malformed tables throw. */
export function videoSampleTables(moov: Buffer): Mp4SampleTables | null {
  for (const trak of childBoxes(moov, 0, moov.length)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(moov, trak, ['mdia', 'hdlr']);
    if (!hdlr || moov.toString('latin1', hdlr.body + 8, hdlr.body + 12) !== 'vide') continue;
    const mdhd = path(moov, trak, ['mdia', 'mdhd']);
    const stbl = path(moov, trak, ['mdia', 'minf', 'stbl']);
    if (!mdhd || !stbl) return null;
    const stts = child(moov, stbl, 'stts');
    if (!stts) return null;
    const dts = sttsTimes(moov, stts);
    const cttsBox = child(moov, stbl, 'ctts');
    const ctts = cttsBox ? cttsOffsets(moov, cttsBox, dts.length) : new Array<number>(dts.length).fill(0);
    const stss = child(moov, stbl, 'stss');
    const elst = path(moov, trak, ['edts', 'elst']);
    return {
      timescale: parseMdhd(moov, mdhd).timescale,
      dts,
      ctts,
      sync: stss ? syncSamples(moov, stss, dts.length) : null,
      edits: elst ? editList(moov, elst) : [],
    };
  }
  return null;
}

function sttsTimes(buf: Buffer, box: BoxHeader): number[] {
  const entries = buf.readUInt32BE(box.body + 4);
  if (box.body + 8 + entries * 8 > box.end) throw new RangeError('stts entry table overruns its box');
  const out: number[] = [];
  let t = 0;
  for (let i = 0, p = box.body + 8; i < entries; i++, p += 8) {
    const n = buf.readUInt32BE(p);
    const d = buf.readUInt32BE(p + 4);
    if (out.length + n > 50_000_000) throw new RangeError('stts declares too many samples');
    for (let k = 0; k < n; k++, t += d) out.push(t);
  }
  return out;
}

function cttsOffsets(buf: Buffer, box: BoxHeader, samples: number): number[] {
  const entries = buf.readUInt32BE(box.body + 4);
  if (box.body + 8 + entries * 8 > box.end) throw new RangeError('ctts entry table overruns its box');
  const out: number[] = [];
  // Offsets are signed in version 1 and, as ffmpeg reads them, in practice in version 0 too.
  for (let i = 0, p = box.body + 8; i < entries && out.length < samples; i++, p += 8) {
    const n = buf.readUInt32BE(p);
    const off = buf.readInt32BE(p + 4);
    for (let k = 0; k < n && out.length < samples; k++) out.push(off);
  }
  if (out.length !== samples) throw new RangeError(`ctts covers ${out.length} of ${samples} samples`);
  return out;
}

function syncSamples(buf: Buffer, box: BoxHeader, samples: number): number[] {
  const entries = buf.readUInt32BE(box.body + 4);
  if (box.body + 8 + entries * 4 > box.end) throw new RangeError('stss entry table overruns its box');
  const out: number[] = [];
  for (let i = 0, p = box.body + 8; i < entries; i++, p += 4) {
    const s = buf.readUInt32BE(p) - 1;
    if (s < 0 || s >= samples || (out.length > 0 && s <= out[out.length - 1]!))
      throw new RangeError(`stss entry ${i} (${s + 1}) is out of order or range`);
    out.push(s);
  }
  return out;
}

function editList(buf: Buffer, box: BoxHeader): { mediaTime: number; rate: number }[] {
  const version = buf.readUInt8(box.body);
  const entries = buf.readUInt32BE(box.body + 4);
  const size = version === 1 ? 20 : 12;
  if (box.body + 8 + entries * size > box.end) throw new RangeError('elst entry table overruns its box');
  const out: { mediaTime: number; rate: number }[] = [];
  for (let i = 0, p = box.body + 8; i < entries; i++, p += size) {
    const mediaTime = version === 1 ? Number(buf.readBigInt64BE(p + 8)) : buf.readInt32BE(p + 4);
    const rate = buf.readInt32BE(p + (version === 1 ? 16 : 8)) / 65536;
    out.push({ mediaTime, rate });
  }
  return out;
}
