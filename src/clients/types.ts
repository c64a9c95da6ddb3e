/** What the evaluator sends to any model: one user turn with visual parts then text. */
export interface VisualPart {
  kind: 'image' | 'video';
  mime: string;
  data: Uint8Array;
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
}

export interface ChatResponse {
  text: string;
  finishReason: string | null;
  usage: { promptTokens?: number; completionTokens?: number } | null;
  /** Reasoning the server returned apart from the answer (`reasoning_content` / `reasoning`); absent when none. */
  reasoning?: string;
  attempts: number;
  latencyMs: number;
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
