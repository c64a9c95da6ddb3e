import { basename, resolve } from 'node:path';
import { closeOnSignals } from './signals.js';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { engineInfo } from '../nn/engine.js';
import { loadCheckpoint } from '../nn/checkpoint.js';
import { startModelServer } from '../serve/server.js';
import { parseSize } from './rewardServer.js';

const API_KEY_ENV = 'VREASON_SERVE_API_KEY';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} expects a non-negative integer, got '${v}'`);
    return n;
  };
}

interface Flags {
  checkpoint: string;
  modelName?: string;
  host: string;
  port: number;
  apiKey?: string;
  bodyLimit: string;
  maxBatch: number;
  maxQueue: number;
  allowLocalPaths?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve a trained checkpoint over an OpenAI-compatible API (POST /v1/chat/completions, GET /v1/models).',
    )
    .requiredOption(
      '--checkpoint <dir>',
      'checkpoint directory (config.json + model.safetensors), e.g. runs/sft/checkpoint',
    )
    .option('--model-name <name>', 'model id reported and accepted (default: the checkpoint folder name)')
    .option('--host <host>', 'interface to bind (0.0.0.0 exposes it to the network: set --api-key)', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', positiveInt('--port'), 8000)
    .option('--api-key <key>', `require "Authorization: Bearer <key>" (default: $${API_KEY_ENV})`)
    .option('--body-limit <size>', 'largest request body (413 above it)', '64mb')
    .option('--max-batch <n>', 'requests decoded together in one forward pass', positiveInt('--max-batch'), 32)
    .option(
      '--max-queue <n>',
      'requests waiting beyond --max-batch; more get 503 + Retry-After',
      positiveInt('--max-queue'),
      256,
    )
    .option('--allow-local-paths', 'accept video_url parts naming a video on this machine (absolute path or file://)')
    .addHelpText(
      'after',
      `
Example:
  vreason serve --checkpoint runs/sft/checkpoint --port 8000
  vreason eval --task videommmu --data data/synth/videommmu/test --model openai \\
     --base-url http://127.0.0.1:8000/v1 --model-name checkpoint --frames 8 --output runs/sft-eval
SIGINT/SIGTERM finish the requests in flight, then exit.`,
    )
    .action(async (o: Flags) => {
      const apiKey = o.apiKey ?? (process.env[API_KEY_ENV] || undefined);
      if (apiKey === '') throw new UsageError('--api-key must not be empty');
      if (o.maxBatch < 1) throw new UsageError('--max-batch must be at least 1');
      const dir = resolve(o.checkpoint);
      const { model, tokenizer } = loadCheckpoint(dir);
      const modelName = o.modelName ?? basename(dir);
      const server = await startModelServer({
        model,
        tokenizer,
        modelName,
        host: o.host,
        port: o.port,
        apiKey,
        bodyLimit: parseSize(o.bodyLimit),
        maxBatch: o.maxBatch,
        maxQueue: o.maxQueue,
        allowLocalPaths: o.allowLocalPaths ?? false,
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      const e = engineInfo();
      process.stderr.write(
        `vreason serve: ${modelName} (${(model.numParams() / 1e6).toFixed(2)} M parameters, ${e.backend} engine) on ` +
          `${server.url}${apiKey ? ' (API key required)' : ''}\n`,
      );
      closeOnSignals(() => server.close());
    });
}
