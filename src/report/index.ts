/** `vreason/report`: the HTML/Markdown report of runs, their comparison, and the live dashboard. */
export {
  buildReport,
  loadRuns,
  reportMarkdown,
  runNames,
  writeReport,
  type BuiltReport,
  type ReportOptions,
} from './build.js';
export { startDashboard, type Dashboard, type DashboardOptions } from './dashboard.js';
export { compareRuns, type Comparison, type ComparisonRow } from './compare.js';
export { loadRun, type GroupRun, type LoadedRun, type TaskRun } from './runData.js';
export { parseTrainLog, readTrainLog, type TrainLog } from './trainLog.js';
