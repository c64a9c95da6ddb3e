import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../src/core/errors.js';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { childBoxes, parseBoxHeader, readMp4Movie } from '../../src/media/mp4Boxes.js';
import { parseRate, probeVideo, type VideoInfo } from '../../src/media/probe.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-probe-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function ffmpeg(args: string[]): Promise<void> {
  const r = await runBinary(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', ...args]);
  assert.equal(r.code, 0, r.stderr);
}

/** A 3 s 320×240 10 fps test pattern, encoded by libx264 into `name`. */
async function clip(name: string, extra: string[] = [], src = 'testsrc=size=320x240:rate=10'): Promise<string> {
  const p = join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', src, '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...extra, p]);
  return p;
}

interface FfprobeStream {
  width: number;
  height: number;
  avg_frame_rate: string;
  nb_frames?: string;
  nb_read_packets?: string;
  duration?: string;
}

async function ffprobe(p: string): Promise<FfprobeStream> {
  const probe = locateFfmpeg().ffprobe;
  assert.ok(probe, 'ffprobe is installed');
  const r = await runBinary(probe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_streams',
    '-of',
    'json',
    p,
  ]);
  return (JSON.parse(r.stdout.toString()) as { streams: FfprobeStream[] }).streams[0]!;
}

function assertMatchesFfprobe(info: VideoInfo, ref: FfprobeStream): void {
  assert.equal(info.width, ref.width);
  assert.equal(info.height, ref.height);
  assert.equal(info.nbFrames, Number(ref.nb_frames ?? ref.nb_read_packets));
  assert.ok(Math.abs(info.fps - parseRate(ref.avg_frame_rate)!) < 1e-9, `fps ${info.fps} vs ${ref.avg_frame_rate}`);
  if (ref.duration)
    assert.ok(
      Math.abs(info.durationSec - Number(ref.duration)) < 1e-3,
      `duration ${info.durationSec} vs ${ref.duration}`,
    );
}

/** Top-level box types of a file, in order. */
function topLevel(p: string): string[] {
  const buf = readFileSync(p);
  return [...childBoxes(buf, 0, buf.length)].map((b) => b.type);
}

test('MP4 with moov after mdat: in-process numbers match ffprobe', async () => {
  const p = await clip('tail.mp4');
  assert.ok(topLevel(p).indexOf('moov') > topLevel(p).indexOf('mdat'));
  const info = await probeVideo(p);
  assert.equal(info.codec, 'avc1');
  assert.equal(info.container, 'mp4');
  assert.deepEqual([info.nbFrames, info.fps, info.width, info.height], [30, 10, 320, 240]);
  assertMatchesFfprobe(info, await ffprobe(p));
});

test('MP4 with +faststart (moov first), NTSC rate and odd size: numbers match ffprobe', async () => {
  const p = await clip('fast.mp4', ['-movflags', '+faststart'], 'testsrc=size=176x100:rate=30000/1001');
  assert.ok(topLevel(p).indexOf('moov') < topLevel(p).indexOf('mdat'));
  const info = await probeVideo(p);
  assert.equal(info.nbFrames, 90);
  assertMatchesFfprobe(info, await ffprobe(p));
});

test('QuickTime .mov is read in-process and labelled mov', async () => {
  const p = await clip('qt.mov', ['-f', 'mov']);
  const info = await probeVideo(p);
  assert.equal(info.container, 'mov');
  assertMatchesFfprobe(info, await ffprobe(p));
});

test('Matroska and WebM fall back to ffprobe and count packets', async () => {
  const mkv = await clip('x.mkv');
  const webm = join(dir, 'x.webm');
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=160x120:rate=10',
    '-t',
    '3',
    '-c:v',
    'libvpx',
    '-b:v',
    '100k',
    webm,
  ]);
  for (const p of [mkv, webm]) {
    const info = await probeVideo(p);
    assert.match(info.container, /matroska/);
    assert.equal(info.nbFrames, 30);
    assertMatchesFfprobe(info, await ffprobe(p));
  }
  assert.equal((await probeVideo(webm)).codec, 'vp8');
});

test('box reader: 64-bit sizes and a size-0 last box', async () => {
  const src = await clip('src.mp4', ['-movflags', '+faststart']);
  const buf = readFileSync(src);
  const boxes = [...childBoxes(buf, 0, buf.length)];
  const bytesOf = (type: string): Buffer => {
    const b = boxes.find((x) => x.type === type)!;
    return buf.subarray(b.start, b.end);
  };
  // ftyp, a 'free' box with a 64-bit size, moov, then an mdat whose size field is 0 ("to end of file")
  const wideFree = Buffer.alloc(16 + 100);
  wideFree.writeUInt32BE(1, 0);
  wideFree.write('free', 4, 'latin1');
  wideFree.writeBigUInt64BE(BigInt(wideFree.length), 8);
  const mdat = Buffer.from(bytesOf('mdat'));
  mdat.writeUInt32BE(0, 0);
  const p = join(dir, 'wide.mp4');
  writeFileSync(p, Buffer.concat([bytesOf('ftyp'), wideFree, bytesOf('moov'), mdat]));

  const header = parseBoxHeader(wideFree, 0, wideFree.length);
  assert.deepEqual(header, { type: 'free', start: 0, body: 16, end: wideFree.length });
  const fh = await open(p, 'r');
  try {
    const movie = await readMp4Movie(fh, (await fh.stat()).size);
    assert.equal(movie?.video?.sampleCount, 30);
    assert.equal(movie?.brand, 'isom');
  } finally {
    await fh.close();
  }
  const info = await probeVideo(p);
  assert.deepEqual([info.nbFrames, info.width, info.height, info.fps], [30, 320, 240, 10]);
});

test('box reader refuses files that are not ISO BMFF', async () => {
  const p = join(dir, 'notes.bin');
  writeFileSync(p, 'hello world, this is plain text');
  const fh = await open(p, 'r');
  try {
    await assert.rejects(readMp4Movie(fh, 31), /not an MP4/);
  } finally {
    await fh.close();
  }
  assert.throws(() => parseBoxHeader(Buffer.from([0, 0, 0, 4, 0x6d, 0x6f, 0x6f, 0x76]), 0, 8), /size 4/);
});

async function assertMediaError(p: string, code: string): Promise<void> {
  await assert.rejects(probeVideo(p), (e: unknown) => {
    assert.ok(e instanceof MediaError, `expected MediaError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.file, p);
    return true;
  });
}

test('bad files give MediaError with the right code', async () => {
  const tail = await clip('whole.mp4');
  const bytes = readFileSync(tail);
  const truncated = join(dir, 'truncated.mp4');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.3)));
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  const text = join(dir, 'text.mp4');
  writeFileSync(text, 'this is a text file, not a video\n'.repeat(20));
  const audio = join(dir, 'audio.mp4');
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', audio]);
  const folder = join(dir, 'folder.mp4');
  mkdirSync(folder);

  await assertMediaError(join(dir, 'nope.mp4'), 'missing');
  await assertMediaError(empty, 'empty');
  await assertMediaError(truncated, 'corrupt');
  await assertMediaError(text, 'corrupt');
  await assertMediaError(audio, 'corrupt');
  await assertMediaError(folder, 'unsupported');
});

test('parseRate reads ffprobe rationals', () => {
  assert.equal(parseRate('30000/1001'), 30000 / 1001);
  assert.equal(parseRate('25'), 25);
  assert.equal(parseRate('0/0'), null);
  assert.equal(parseRate(undefined), null);
});
