/**
 * The frame table of a Matroska/WebM file's video track, for keyframe seeking: each block's
 * timestamp (in decode order, as stored) and whether it is a keyframe, read by walking the EBML
 * element headers of every cluster (the frame payloads are skipped, never read). Matroska stores
 * presentation timestamps and no decode times, and ffmpeg reports the block timestamp as each
 * frame's pts (with `-copyts`), so the table is the same shape as an MP4's sample tables with
 * composition offsets of zero.
 *
 * Only what can be located exactly is accepted; anything else is a sentence saying why (the
 * caller then decodes the whole stream): laced or invisible video blocks, a track timestamp scale,
 * content encodings (header stripping changes the bytes), clusters or segments of unknown size
 * (live recordings), several video tracks.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Mp4SampleTables } from './mp4Boxes.js';

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  TrackTimestampScale: 0x23314f,
  ContentEncodings: 0x6d80,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
} as const;

/** Frames a file may have before the walk gives up (a day at 60 fps). */
const MAX_BLOCKS = 5_184_000;

interface Header {
  id: number;
  /** Where the element's data starts, and its size (null: unknown). */
  data: number;
  size: number | null;
}

class Reader {
  private readonly buf = Buffer.alloc(64);
  constructor(
    private readonly fh: FileHandle,
    readonly fileSize: number,
  ) {}

  async bytes(pos: number, n: number): Promise<Buffer> {
    const len = Math.max(0, Math.min(n, this.fileSize - pos));
    const b = n <= this.buf.length ? this.buf : Buffer.alloc(n);
    const { bytesRead } = await this.fh.read(b, 0, len, pos);
    return b.subarray(0, bytesRead);
  }

  /** The element header at `pos`, or null past the end / unreadable. */
  async header(pos: number): Promise<Header | null> {
    const b = await this.bytes(pos, 12);
    const id = vint(b, 0, true);
    if (!id || id.length > 4) return null;
    const size = vint(b, id.length, false);
    if (!size) return null;
    return { id: id.value, data: pos + id.length + size.length, size: size.unknown ? null : size.value };
  }

  async uint(pos: number, size: number): Promise<number> {
    const b = await this.bytes(pos, size);
    let v = 0;
    for (const x of b) v = v * 256 + x;
    return v;
  }
}

/** An EBML variable-length integer at `at`: ids keep their length marker, sizes drop it. */
function vint(b: Buffer, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  let length = 1;
  while (!(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || at + length > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** Children of the element spanning [start, end): their headers in order. */
async function* children(r: Reader, start: number, end: number): AsyncGenerator<Header> {
  for (let pos = start; pos < end; ) {
    const h = await r.header(pos);
    if (!h) return;
    yield h;
    if (h.size === null) return;
    pos = h.data + h.size;
  }
}

/**
 * The video track's frame table, or a sentence saying why it cannot be read exactly. Timestamps
 * are in the segment's TimestampScale ticks (`timescale` ticks per second, 1000 by default).
 */
export async function readMatroskaFrameTable(fh: FileHandle, fileSize: number): Promise<Mp4SampleTables | string> {
  const r = new Reader(fh, fileSize);
  const ebml = await r.header(0);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null) return 'not an EBML file';
  const seg = await r.header(ebml.data + ebml.size);
  if (!seg || seg.id !== ID.Segment) return 'no Matroska segment';
  if (seg.size === null) return 'a segment of unknown size (a live recording)';
  const segEnd = Math.min(fileSize, seg.data + seg.size);
  let scale = 1_000_000;
  let track: number | null = null;
  const dts: number[] = [];
  const sync: number[] = [];
  for await (const h of children(r, seg.data, segEnd)) {
    if (h.size === null) return 'an element of unknown size (a live recording)';
    if (h.id === ID.Info) {
      for await (const c of children(r, h.data, h.data + h.size))
        if (c.id === ID.TimestampScale && c.size) scale = await r.uint(c.data, c.size);
    } else if (h.id === ID.Tracks) {
      const found = await videoTrack(r, h.data, h.data + h.size);
      if (typeof found === 'string') return found;
      track = found;
    } else if (h.id === ID.Cluster) {
      if (track === null) return 'a cluster before the track list';
      const why = await readCluster(r, h.data, h.data + h.size, track, dts, sync);
      if (why) return why;
      if (dts.length > MAX_BLOCKS) return `more than ${MAX_BLOCKS} frames`;
    }
  }
  if (track === null) return 'no video track';
  if (!(scale > 0)) return 'a zero timestamp scale';
  return { timescale: 1e9 / scale, dts, ctts: dts.map(() => 0), sync, edits: [] };
}

/** The number of the one video track, or why not. */
async function videoTrack(r: Reader, start: number, end: number): Promise<number | string> {
  const found: number[] = [];
  for await (const e of children(r, start, end)) {
    if (e.id !== ID.TrackEntry || e.size === null) continue;
    let number = 0;
    let type = 0;
    let special = '';
    for await (const c of children(r, e.data, e.data + e.size)) {
      if (c.id === ID.TrackNumber && c.size) number = await r.uint(c.data, c.size);
      else if (c.id === ID.TrackType && c.size) type = await r.uint(c.data, c.size);
      else if (c.id === ID.TrackTimestampScale) special = 'a track timestamp scale';
      else if (c.id === ID.ContentEncodings) special = 'content encodings (compressed or encrypted frames)';
    }
    if (type !== 1) continue;
    if (special) return `the video track has ${special}`;
    found.push(number);
  }
  if (found.length === 0) return 'no video track';
  if (found.length > 1) return `${found.length} video tracks`;
  return found[0]!;
}

/** Appends the cluster's video blocks (timestamp, keyframe); returns why not when it cannot. */
async function readCluster(
  r: Reader,
  start: number,
  end: number,
  track: number,
  dts: number[],
  sync: number[],
): Promise<string | null> {
  let base: number | null = null;
  for await (const c of children(r, start, end)) {
    if (c.size === null) return 'an element of unknown size in a cluster';
    if (c.id === ID.Timestamp) base = await r.uint(c.data, c.size);
    else if (c.id === ID.SimpleBlock || c.id === ID.BlockGroup) {
      let block = c;
      let keyframe = true;
      if (c.id === ID.BlockGroup) {
        let inner: Header | null = null;
        for await (const g of children(r, c.data, c.data + c.size)) {
          if (g.id === ID.Block) inner = g;
          else if (g.id === ID.ReferenceBlock) keyframe = false;
        }
        if (!inner || inner.size === null) return 'a block group without a block';
        block = inner;
      }
      const head = await r.bytes(block.data, 12);
      const tn = vint(head, 0, false);
      if (!tn || tn.length + 3 > head.length) return 'an unreadable block header';
      if (tn.value !== track) continue;
      if (base === null) return 'a block before its cluster timestamp';
      const rel = head.readInt16BE(tn.length);
      const flags = head[tn.length + 2]!;
      if (flags & 0x06) return 'laced video frames';
      if (flags & 0x08) return 'invisible video frames';
      if (c.id === ID.SimpleBlock) keyframe = (flags & 0x80) !== 0;
      if (keyframe) sync.push(dts.length);
      dts.push(base + rel);
    }
  }
  return null;
}
