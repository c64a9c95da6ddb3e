/** `vreason/clients`: the HTTP client for OpenAI-compatible model servers. */
export { OpenAIClient, FatalModelError, PreflightError } from './openai.js';
export type { ChatRequest, ChatResponse, GenParams, ModelClient, VisualPart } from './types.js';
export { type RetryPolicy } from './retry.js';
