/** The media room: probing videos, sampling frames and preparing images for model requests. */
export { locateFfmpeg, runBinary, type FfmpegInfo, type RunResult } from './ffmpeg.js';
export { probeVideo, parseRate, type VideoInfo } from './probe.js';
export { readMp4Movie, firstVideoTrack, type Mp4Movie, type Mp4VideoTrack } from './mp4Boxes.js';
export {
  IMAGE_FACTOR,
  MIN_PIXELS,
  MAX_PIXELS,
  MAX_RATIO,
  FRAME_FACTOR,
  FPS,
  roundByFactor,
  ceilByFactor,
  floorByFactor,
  smartResize,
  smartNFrames,
  frameIndices,
  videoMaxPixels,
  videoPixelLimit,
  imageResize,
  VIDEO_MIN_PIXELS,
  VIDEO_MAX_PIXELS,
  VIDEO_TOTAL_PIXELS,
  sampleFps,
  type NFramesConfig,
} from './smartResize.js';
export {
  sampleFrames,
  framesAt,
  framesBySeek,
  planSampling,
  type DecodeMethod,
  type SampledFrames,
  type ShortVideo,
  type SampleOptions,
  type SamplingPlan,
} from './frameSampler.js';
export { readImageAsFrame, imageSize, splitImages, mimeOf, type ImageFormat, type ImageSize } from './image.js';
export { FrameCache, type FrameCacheStats, type FrameCacheOptions } from './frameCache.js';
