/** The engine's seeded generator is core's (one implementation, mulberry32). */
export { Rng } from '../core/rng.js';
