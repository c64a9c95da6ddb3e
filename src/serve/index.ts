/** `vreason/serve`: the embedded model behind an OpenAI-compatible HTTP API. */
export { startModelServer, type ModelServer, type ServeOptions } from './server.js';
