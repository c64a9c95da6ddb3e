/** What the evaluator sends to any model: one user turn with visual parts then text. */
export interface VisualPart {
  kind: 'image' | 'video';
  mime: string;
  data: Uint8Array;
  /**
   * A whole clip (`kind: 'video'`): how the server should sample it, from the run's frame config
   * (a fixed count, or a rate with a most-frames cap). Absent = the server's default.
   */
  sampling?: { numFrames?: number; fps?: number };
}

export interface GenParams {
  temperature: number;
  maxTokens: number;
  topP?: number;
  seed?: number;
}

export interface ChatRequest {
  prompt: string;
  visuals: VisualPart[];
  params: GenParams;
  /**
   * Requests with the same affinity (the video they show) go to the same server when it has room,
   * so its prefix cache holds the video's KV. A hint; ignored by single-endpoint clients.
   */
  affinity?: string;
}

export interface ChatResponse {
  text: string;
  finishReason: string | null;
  usage: { promptTokens?: number; completionTokens?: number } | null;
  /** Reasoning the server returned apart from the answer (`reasoning_content` / `reasoning`); absent when none. */
  reasoning?: string;
  attempts: number;
  latencyMs: number;
  /** The base URL of the server that answered. */
  server?: string;
  /** Streaming only: ms from sending the answering attempt to its first token. */
  ttftMs?: number;
}

export interface ModelClient {
  readonly name: string;
  readonly endpoint: string;
  complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /**
   * Check once, before the first request, that the endpoint answers as a model server; throws
   * with a message saying what is wrong (and what to try) when it does not. Optional.
   */
  preflight?(): Promise<void>;
}
