/** Shared record types. Imports nothing local: every other room depends on this one. */

export const TRACKS = ['Perception', 'Comprehension', 'Adaptation'] as const;
export type Track = (typeof TRACKS)[number];

export const DISCIPLINES = ['Art', 'Business', 'Science', 'Medicine', 'Humanities', 'Engineering'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export type QuestionType = 'multiple-choice' | 'open';

/** Which visual input a question is asked with. `after` = with the lecture video, `before` = question only. */
export type Condition = 'after' | 'before';

/** Where a record came from, so every error can name file and row. */
export interface SourceRef {
  file: string;
  row: number;
}

/** The quiz image of an Adaptation question: raw bytes (from parquet) or a path on disk. */
export type QuizImage = { bytes: Uint8Array; path?: undefined } | { path: string; bytes?: undefined };

/** One Video-MMMU question, validated and resolved against the dataset root. */
export interface VideoMMMUItem {
  id: string;
  track: Track;
  subject: string;
  discipline: Discipline;
  question: string;
  options: string[];
  /** Gold answer: an option letter for multiple-choice, free text / number for open. */
  answer: string | string[];
  questionType: QuestionType;
  /** Absolute path of the lecture video (`<root>/<Discipline>/<id>.mp4`). */
  videoPath: string;
  /** Absolute path of the question-only clip used for the *before* condition, if present. */
  questionOnlyPath?: string;
  image?: QuizImage;
  source: SourceRef;
}

/** How frames are taken from a video (Qwen2.5-VL `vision_process` rules). */
export interface FrameConfig {
  /** Fixed frame count (rounded to a multiple of 2). Mutually exclusive with fps. */
  nframes?: number;
  /** Sampling rate in frames per second when nframes is not given. */
  fps?: number;
  minFrames: number;
  maxFrames: number;
  minPixels: number;
  /**
   * `max_pixels` as given to the reference's video element; it can only lower the built-in limit
   * (see `maxPixelsCap`). Undefined = not given: the limit itself.
   */
  maxPixels?: number;
  /**
   * The reference's built-in per-frame cap, its `VIDEO_MAX_PIXELS` (768·28·28 upstream; 128·28·28 in Video-R1's copy).
   */
  maxPixelsCap?: number;
  /** Pixel budget over all frames of a video (the reference's `total_pixels` / `VIDEO_TOTAL_PIXELS`). */
  totalPixels: number;
  format: 'jpeg' | 'png';
  /** JPEG quality for ffmpeg's mjpeg encoder, 2 (best) … 31 (worst). */
  jpegQuality: number;
  /** Pixel bounds for single images (`fetch_image`); default the reference's MIN_PIXELS / MAX_PIXELS. */
  imageMinPixels?: number;
  imageMaxPixels?: number;
}
