#!/usr/bin/env node
import { Command } from 'commander';
import { errorMessage, UsageError, DataError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { registerData } from './data.js';
import { registerDoctor } from './doctor.js';
import { registerEval } from './eval.js';
import { registerMerge } from './merge.js';
import { registerRewardServer } from './rewardServer.js';
import { registerScore } from './score.js';
import { registerServe } from './serve.js';
import { registerTrain } from './train.js';
import { registerReport } from './report.js';
import { registerDashboard } from './dashboard.js';
import { registerDemo } from './demo.js';
import { registerDiff } from './diff.js';
import { registerPower } from './power.js';
import { registerExperiment } from './experiment.js';

const program = new Command()
  .name('vreason')
  .description('Evaluate and train video reasoning models: Video-MMMU, the Video-R1 suite, rewards and T-GRPO.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

registerEval(program);
registerData(program);
registerMerge(program);
registerRewardServer(program);
registerScore(program);
registerDiff(program);
registerPower(program);
registerServe(program);
registerTrain(program);
registerReport(program);
registerDashboard(program);
registerDoctor(program);
registerDemo(program);
registerExperiment(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  const usage = e instanceof UsageError || e instanceof DataError;
  process.stderr.write(`vreason: ${errorMessage(e)}\n`);
  process.exitCode = usage ? 2 : 1;
});
