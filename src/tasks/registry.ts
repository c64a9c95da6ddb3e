/**
 * The task registry: every benchmark vreason can run, by name. Native tasks read their own layout
 * (one folder each under src/tasks/); any `eval_<name>.json(l)` in a Video-R1 Evaluation folder
 * is a Video-R1-format task of that name. Adding a native benchmark is one folder and one line here.
 */
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { taskGroup } from './group.js';
import type { Task, TaskGroup } from './task.js';
import { videoMMMU } from './videommmu/index.js';
import { videoR1File, videoR1Suite, videoR1Task } from './videor1/index.js';
import { videoR1Files } from './videor1/summary.js';
import { VIDEO_R1_BENCHMARKS } from './videor1/task.js';

export interface TaskEntry {
  /** One line for `--help` and `vreason tasks`. */
  description: string;
  task: Task;
}

const NATIVE = new Map<string, TaskEntry>([
  [
    videoMMMU.name,
    { description: 'Video-MMMU in lmms-eval layout (<Track>/*.parquet|jsonl, <Discipline>/<id>.mp4)', task: videoMMMU },
  ],
]);

/** Add a native task (a plugin, or a test's own benchmark). Names are unique. */
export function registerTask(entry: TaskEntry): void {
  if (NATIVE.has(entry.task.name)) throw new UsageError(`task '${entry.task.name}' is already registered`);
  NATIVE.set(entry.task.name, entry);
}

export function nativeTasks(): ReadonlyMap<string, TaskEntry> {
  return NATIVE;
}

/** `eval_<name>.json(l)` files of a folder, by name. */
const videoR1Names = (data: string): string[] =>
  videoR1Files(data).map((f) => basename(f).replace(/^eval_|\.jsonl?$/g, ''));

/** Every name `--task` accepts for this data: native tasks, Video-R1's six, and the folder's eval files. */
export function taskNames(data: string): string[] {
  return [...new Set([...NATIVE.keys(), ...VIDEO_R1_BENCHMARKS, ...videoR1Names(data)])];
}

/** True when the data is read as Video-R1-format files (a record file, a non-native name, or eval_<name> files). */
export function isVideoR1Format(opts: { tasks: readonly string[]; data: string }): boolean {
  const data = resolve(opts.data);
  // A record file is Video-R1's unless a native task other than the default names it as its data.
  if (/\.jsonl?$/.test(data)) return !opts.tasks.some((t) => NATIVE.has(t) && t !== videoMMMU.name);
  return opts.tasks.some((t) => !NATIVE.has(t) || videoR1File(data, t) !== null);
}

/** What `vreason eval --task …` runs: one native task, or a group (the Video-R1 suite, or several natives). */
export function resolveTasks(opts: { tasks: readonly string[]; data: string }): Task | TaskGroup {
  if (isVideoR1Format(opts)) return videoR1Suite(opts);
  const tasks = opts.tasks.map((t) => (NATIVE.get(t) as TaskEntry).task);
  if (tasks.length === 1) return tasks[0] as Task;
  return taskGroup('suite', tasks);
}

/** The task that wrote a run folder, from its config.json (to re-score, merge and report it). */
export function taskFromConfig(config: Record<string, unknown>): Task {
  if (typeof config.benchmark === 'string') {
    const ds = config.dataset as { root?: string; files?: { path: string }[] } | undefined;
    return videoR1Task(config.benchmark, join(ds?.root ?? '.', ds?.files?.[0]?.path ?? ''));
  }
  const entry = NATIVE.get(String(config.task ?? videoMMMU.name));
  if (!entry)
    throw new UsageError(
      `run was made by task '${String(config.task)}', which is not registered (known: ` +
        `${[...NATIVE.keys()].join(', ')})`,
    );
  return entry.task;
}
