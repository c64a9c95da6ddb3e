import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  extractNumbers,
  isCorrectMultiChoice,
  isCorrectOpen,
  normalizeAnswer,
  parseMultiChoice,
  parseOpen,
  scoreVideoMMMU,
} from '../../src/tasks/videommmu/parse.js';

/** A Python float as recorded: its repr ("3.14", "-0.0", "inf", "nan", "1e+22"). */
type PyNum = { n: string };
type PyVal = string | PyNum;

interface McRow {
  r: string; // model response
  o: string[]; // options
  g: string | string[]; // gold
  p: string | null; // reference parse, sentinels mapped to null
  ref: string; // raw reference return value ("No Answer Found." / "API Error" kept)
  c: boolean | null; // eval_multi_choice(gold, parsed); null where the reference drops the item ("API Error")
}

interface OpenRow {
  r: string; // model response
  g: string | string[]; // gold
  p: PyVal[] | null; // parse_open_response (a set: order irrelevant); null = "API Error"
  c: boolean | null; // eval_open(gold, parsed); null where the reference drops the item
  cg: string | null; // eval_open(GOLDS[i], parsed) for every i, as T/F
  xn: string[]; // extract_numbers(response)
  ns: PyVal[]; // normalize_str(response)
}

function py(v: PyVal): string | number {
  if (typeof v === 'string') return v;
  if (v.n === 'inf') return Infinity;
  if (v.n === '-inf') return -Infinity;
  if (v.n === 'nan') return NaN;
  return Number(v.n);
}

/** Same multiset, numbers compared with Object.is (so -0 vs 0 and NaN are checked exactly). */
function assertSameMultiset(ours: Array<string | number>, ref: Array<string | number>, msg: string): void {
  assert.equal(ours.length, ref.length, `${msg}: length ${JSON.stringify(ours.map(String))} vs ${JSON.stringify(ref.map(String))}`);
  const used = new Array<boolean>(ours.length).fill(false);
  for (const x of ref) {
    const i = ours.findIndex((o, j) => !used[j] && Object.is(o, x));
    assert.ok(i >= 0, `${msg}: missing ${String(x)} in ${JSON.stringify(ours.map(String))}`);
    used[i] = true;
  }
}

/*
 * Differential tables. Every row below was produced by RUNNING lmms-eval's own functions
 * (parse_videommmu_multi_choice_response + get_multi_choice_info from
 * lmms_eval/tasks/_task_utils/mmmu_mcq_utils.py at HEAD; parse_open_response, extract_numbers,
 * normalize_str, eval_multi_choice, eval_open, evaluate_videommmu from
 * lmms_eval/tasks/videommmu/utils.py at 74b6d95c), extracted verbatim from the sources and
 * executed under CPython 3.11.7 / numpy 2.4.6. About half the rows are hand-picked inputs, the
 * rest seeded random concatenations of answer-like fragments.
 */
const GOLDS: Array<string | string[]> = ["42", "3.14", "1234", "1,234", "paris", "a", "x", "5", ["5", "five"], "-0.5", "1000", "0", "twelve", "100000", "inf", "12.5", "b", "", "\u03c0", "1e3", "3"];

const MC: McRow[] = [
  {"r": "B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "(B)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "B.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "B:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "B)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "[B]", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "**B**", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The answer is C.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "The answer is C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "Answer: D", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "Answer: (D)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "Answer:D", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "answer: d", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The answer is (A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "I think the answer is (A) not (B)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "I think the answer is (B) not (A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "A. Mitochondria", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "B. DNA", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "Option C: Ribosome", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "C: Ribosome", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "A or B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "A and B and C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "Either A or C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "It is B, not C.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "C", "ref": "C", "c": false},
  {"r": "Not A. The answer is B.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "B. Wait, actually A.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "A: no. B: yes.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "(A) (B) (C)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "(C) is right, (A) is wrong", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "Mitochondria", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "ribosome", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The organelle shown in the video is the Golgi apparatus", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "The organelle shown in the video is the golgi apparatus.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "It is clearly the ribosome that synthesizes proteins here", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "It is clearly the ribosome and not the mitochondria that matters", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "Short answer: mitochondria", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The video shows DNA replication in the nucleus.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "DNA", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "The answer is DNA", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "We see DNA. Then ribosomes.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "USA. Then B.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "Let's analyze each option. Option A describes energy production, option B stores genetic information, option C makes proteins and option D packages proteins. Therefore the correct answer is C.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "First, A is wrong because it is about energy. Second, B is wrong. So the answer must be D", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "Looking at the frames, the presenter points at the diagram and says that the process happens in the organelle responsible for protein synthesis, which is the ribosome.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "After careful thought: (B) seems plausible but (D) is correct.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "Step 1: eliminate A. Step 2: eliminate B. Final: C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "Step 1: eliminate A: energy. Step 2: D: yes", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "The answer is B.\nExplanation: A. is wrong.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "b", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "(b)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "the answer is c", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "a", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "i think it's d.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "API Error", "c": null},
  {"r": " ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\n\n", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\t", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "API Error", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "API Error", "c": null},
  {"r": "...", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "?!", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "'B'", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": ",.B.,", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": ".,B,.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "B!?", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "'(C)'", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "No idea", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "I cannot determine the answer from the given video frames", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\u7b54\u6848\u662f B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "\u7b54\u6848\uff1aC\u3002", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\uff22", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The answer is \u00a0B\u00a0", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "Answer\u2003C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "\u00e9 B \u00e9", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "\ud83d\ude00 B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "B\u3000", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The\u00a0answer\u00a0is\u00a0the\u00a0ribosome\u00a0obviously", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "The\u001canswer\u001cis\u001cthe\u001cribosome\u001cobviously", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "The\ufeffanswer\ufeffis\ufeffthe\ufeffribosome\ufeffobviously", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "the city in the picture is ISTANBUL definitely yes", "o": ["\u0391\u03a3", "Stra\u00dfe", "\u0130stanbul", "na\u00efve"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "the word written on the board is \u03b1\u03c2\u03c3 clearly ok", "o": ["\u0391\u03a3", "Stra\u00dfe", "\u0130stanbul", "na\u00efve"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "the word written on the board is strasse clearly ok", "o": ["\u0391\u03a3", "Stra\u00dfe", "\u0130stanbul", "na\u00efve"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "the word written on the board is STRASSE clearly ok", "o": ["\u0391\u03a3", "Stra\u00dfe", "\u0130stanbul", "na\u00efve"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "8", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The result is 16 cells", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "There would be 4 cells after two divisions total", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "After 3 divisions we get 8 cells in total here", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "C. 8", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "(E) 32", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "E", "ref": "E", "c": true},
  {"r": "J", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": "J", "ref": "J", "c": true},
  {"r": "(H)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "H", "p": "H", "ref": "H", "c": true},
  {"r": "The answer is I.", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "I", "ref": "I", "c": true},
  {"r": "F = ma so I", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "I", "ref": "I", "c": true},
  {"r": "E", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "E", "p": "E", "ref": "E", "c": true},
  {"r": "E and G are both true so H.", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "H", "p": "H", "ref": "H", "c": true},
  {"r": "I believe that momentum is conserved in this collision", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "G", "p": "I", "ref": "I", "c": false},
  {"r": "I believe that energy is conserved and momentum is conserved in this collision", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "G", "p": "I", "ref": "I", "c": false},
  {"r": "Looking at it, a red cube sits next to the blue sphere on the table", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "K", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "(K)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "I think it depends on the situation here really", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": "I", "ref": "I", "c": false},
  {"r": "The object is a green cone shape", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "yes", "o": ["yes", "no"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The answer is yes, definitely yes", "o": ["yes", "no"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "no no no no no no", "o": ["yes", "no"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "I would say the answer is no here", "o": ["yes", "no"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "I would say the answer is no here really", "o": ["yes", "no"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "The capital city shown is Paris in this video", "o": ["", "Paris", "London"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "London", "o": ["", "Paris", "London"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "The capital city shown is London in this video", "o": ["", "Paris", "London"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "short", "o": ["", "Paris", "London"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "one two three four five six", "o": ["", "Paris", "London"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": ["B", "C"], "p": "B", "ref": "B", "c": true},
  {"r": "A", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": ["B", "C"], "p": "A", "ref": "A", "c": false},
  {"r": "", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": ["A"], "p": null, "ref": "API Error", "c": null},
  {"r": "It is DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "It is DNA. The answer is (B)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "Answer: B. DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "B: DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "C: not DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "( A therefore therefore because answer DNA.", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "B. DNA. (C) apparatus a ?   ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "( (A) , ) Golgi : . B. A. A: ( E", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "option", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "A", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "\t Golgi", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": ", ; \u00e9 therefore", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "think\nA:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "apparatus\n,\n(D)\nC\nB.\nanswer\nA\nA.\nB:\nDNA", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "isADD\u00e9not(A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "\u00e9 DNA. A: 8 . final (C) I \n D A    think", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "A", "ref": "A", "c": false},
  {"r": "DNA. so 2 16", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "B.\nAnswer:\nB:\nA:\nB.\nB.\nthe\nA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "A 2 think", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "final Mitochondria E maybe final option Golgi C. C:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "C.\nMitochondria\nC.\nC.\n'\n8", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "16\nGolgi\nis\n(C)\nE\n\t\noption\n)\nD.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "C", "ref": "C", "c": false},
  {"r": "B: Answer: ' the (D) ! . 16 so", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": "DNA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "DNA. \u00e9   ", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "DNA. Mitochondria answer not \n a answer ) think I D", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "DNA (D) A 8", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "D", "ref": "D", "c": false},
  {"r": "D.MitochondriathinkC.bDNAA:answer(is", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "maybe C Golgi D. B. (A)", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "apparatus D. A A. (C) .", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "C C: (B) think A. :", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "DNA\nB.\n)\nthe\nC\n(A)\n(B)\n,\nA:", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "B", "ref": "B", "c": false},
  {"r": "so", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "finalmaybeB.optionGolginotBDNA.2B", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "; B is I not C is is ribosome because answer", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": "C", "ref": "C", "c": false},
  {"r": "D ' (C) think (C) (B) \n C. C D", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "think I D apparatus B: B: Answer: )", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": "B", "ref": "B", "c": false},
  {"r": "C: 8 I C. A: ? ' ?   ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "final A \t D. E maybe so E ? because (C) (B) a '", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "D", "ref": "D", "c": false},
  {"r": "thinkDNA.(16", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "A", "ref": "A", "c": false},
  {"r": "\t\nnot\n.\n(B)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "Mitochondriathink8(A)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "C: not answer apparatus ' (C)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "'    so because C.", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "I\nAnswer:\n16\n  \nD.\nmaybe\n  \nanswer\nB\n(\nMitochondria\nDNA.\nA:", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "maybe A:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "' : maybe", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\n\n\n\nanswer", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "apparatusMitochondria8:", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "b . the ! E 2 I 16 I", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "I", "ref": "I", "c": false},
  {"r": "(B) ( (C) b 2 is Golgi ( Mitochondria I (A) ribosome", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "A final option A.    A DNA B. 8 b", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "is    ; is apparatus", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": ";\noption\nB\nDNA\n2\nMitochondria\nthink\n(D)\n;\nso\nfinal\nDNA.", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "D", "ref": "D", "c": false},
  {"r": "think not 16", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "F", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "Golgi\nI\nB:\n\n", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": "therefore ; B: Golgi is", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "C final \u00e9 8 final (C) so ribosome (D)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "D", "ref": "D", "c": false},
  {"r": "A:\nA\n(B)\nAnswer:\na\n:\nC:\n\t\n!\n\n\nb", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "MitochondriaB:(C):not", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "(B) B. 8 the 8", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "D. 16 b A: a DNA D (A) 16", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "D", "ref": "D", "c": false},
  {"r": "therefore\n(D)\nB\nC\nA.\nribosome\napparatus\n:\nGolgi\nB\nC.\nA.\n8", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "(B) DNA ) E ) A. B E because DNA (D) DNA. Answer: A:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "E\nAnswer:\nB.\na\nI\n?\nB.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": "not", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "8 A. ? ) ; a 16 a the 16 A , '", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "A", "ref": "A", "c": false},
  {"r": "ribosome\n(B)\n(B)\n  ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": ".C.E2:(B)maybe(B)GolgiA.final(C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "the (D) , , B:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "b C: because", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "maybe ) : maybe a A: DNA. ribosome answer", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "not\nGolgi\nthink\n(B)\nI\nI\nB:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": ". D. B:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "D", "ref": "D", "c": false},
  {"r": "C. \t A", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "D a (C) ! answer therefore A I ; : B: Answer:   ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "Golgi (B) answer not E E ribosome A. not is I", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "A. apparatus 8 DNA \u00e9 B: ribosome", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "F", "p": "A", "ref": "A", "c": false},
  {"r": "16 I", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": ", D.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "is ? think \t C. C: ) b apparatus B A.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "(B) D. ( Golgi", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": ". Answer: ' ribosome Golgi b Golgi", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "not\nA\nanswer\nso\nD\noption", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "because(D)C(A)B.becauseA.", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "GolgiisAnswer:Golgi?!", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "(A)\nC.\nmaybe\nC:\nthink\nI\n(", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "! is because maybe I", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "16C.Answer:E(B)option", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "H", "p": "C", "ref": "C", "c": false},
  {"r": "\u00e9'A:apparatusB:8finalC:thereforeDNAoptionis", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "C", "ref": "C", "c": false},
  {"r": "maybe B", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "2C:2CA.DNA.:  AD.becauseBthe", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "D", "ref": "D", "c": false},
  {"r": "Answer:\nis\nAnswer:\napparatus\ntherefore\nC:\nmaybe\nD.\noption\nA\nB:\nB:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "C. final C \u00e9 option (D) (D) option , 2 DNA \n", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "B. (D)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "apparatus:Answer:so\t.DNAA:ribosome(A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "(C)\nB.\n\t\nC.", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "(C) \t b A. Answer: so B: . ' final I final B", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "because\nA\nis\n)\nbecause\n.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "\u00e9 so C: B E \u00e9 ; C. so B:", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "C C 8 maybe , E ' '", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "E", "ref": "E", "c": false},
  {"r": "apparatus because is , B : (B) ? D. \n", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "D", "ref": "D", "c": false},
  {"r": ":\u00e9D.finaloptionAnswer:B.", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "D", "ref": "D", "c": false},
  {"r": "B:notfinal\u00e9apparatus(", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "(A)\nC:\nGolgi\nC.\n!\n:\n\t", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "b think A 8 is apparatus a I (B) a Answer: final", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "\u00e9DNA.(D)B.C.2answerMitochondria.16(A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "\u00e9 (C) ' ' final Golgi E", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "B. is D D. C: . therefore 16 16 ; (", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "2DNA.16", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "is", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "A D. b DNA. )", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "A\nnot\napparatus\n(\n.\nfinal\nI\nA\n.\n(C)\nE", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "the (B) \t DNA. ) apparatus (A) : DNA Golgi E Answer: !", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "D.Golgi!2(A)is?bmaybeAnswer:maybe8answerA", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "D", "ref": "D", "c": false},
  {"r": "the \u00e9 C. ; ( ) (A)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "16 Mitochondria A ribosome because . final ribosome the E D (B) (C)   ", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "C", "ref": "C", "c": false},
  {"r": "8", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "DNA\n\t\nis\nE\nC:\nB\nso\nribosome\nDNA\n(A)\noption\nD.\na", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "(C) D. therefore apparatus because not :", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "DNA.because,afinal(;", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "I", "p": "A", "ref": "A", "c": false},
  {"r": "(A)\nA\nAnswer:\n(C)\na\nbecause\nb\n.\nb\n\t\n(D)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "H", "p": "D", "ref": "D", "c": false},
  {"r": "a (A) ribosome a a maybe Golgi B . ! ,", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "Answer: : B.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "(C) DNA. D. C: Golgi : A. DNA maybe D not    ;", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "8\n16\nthink\n(A)\nB.\nanswer\n;\nD.", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "B", "ref": "B", "c": true},
  {"r": "because (D) ! not A.", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "D", "ref": "D", "c": false},
  {"r": "B\nC.\nbecause\n'\n(D)\nD\n(A)\n)\n)\n.\nC.\nAnswer:\n)\n\u00e9", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "C", "ref": "C", "c": false},
  {"r": "(A)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "answeroptionapparatusaIB.(D)(A)", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "F", "p": "B", "ref": "B", "c": false},
  {"r": "\u00e9 ribosome D A 16 a \n", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "Golgisoapparatus", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "Cmaybe  is!apparatusthinkIA:B:.maybeb\n", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "  Golgi2EAnswer:somaybe'maybe(C).becausesoA.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "(D)\nDNA\nA.\nD\n?\n(C)\nanswer\na\nA:\napparatus\n\u00e9", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "'B.(A:answer?", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "final ? \u00e9 final DNA. D. ) ? .", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "D", "ref": "D", "c": false},
  {"r": "!", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "Mitochondria\n)\na\na\nanswer\n(A)\nthink\nMitochondria\nA:\nB:\nC.\na\nC", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "C", "ref": "C", "c": true},
  {"r": "   2 apparatus ! D ( D D.", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "A ) B. I D (A) ' ; E", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": "2 (", "o": ["2", "4", "8", "16", "32"], "g": "A", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": "2 D therefore so A: maybe", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "8Golgimaybebecause2finalB.Bso'D:?", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "B", "ref": "B", "c": false},
  {"r": "therefore \n is maybe final '", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": null, "ref": "No Answer Found.", "c": false},
  {"r": ") the Mitochondria D not ) ) (B) therefore . therefore . , '", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "B", "ref": "B", "c": false},
  {"r": "A.(", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "A", "ref": "A", "c": true},
  {"r": "think DNA DNA option \n I the DNA. A. (A) C:", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "A.", "o": ["2", "4", "8", "16", "32"], "g": "E", "p": "A", "ref": "A", "c": false},
  {"r": "Golgi 16 (D) think DNA. E maybe ! ! \n 8 B", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "\t B Golgi \u00e9 b", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "' '    ribosome , Answer: E A answer C A: therefore", "o": ["2", "4", "8", "16", "32"], "g": "B", "p": "A", "ref": "A", "c": false},
  {"r": "not A ! Golgi A. ? B. DNA. 16 : maybe", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "A.D.2B:  sothereforeB:because?;C", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "A:EE", "o": ["2", "4", "8", "16", "32"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "D.:A:", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "E", "p": "D", "ref": "D", "c": false},
  {"r": "DNA. think C ( is ! b B.", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "C", "p": "A", "ref": "A", "c": false},
  {"r": "D. not (B) A. Answer: B. B: \t", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "A", "p": "B", "ref": "B", "c": false},
  {"r": "C final because (D) DNA.", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "E", "p": "D", "ref": "D", "c": false},
  {"r": "(B)\nthe\n2\napparatus\n.\nGolgi\nD.\noption", "o": ["2", "4", "8", "16", "32"], "g": "D", "p": "D", "ref": "D", "c": true},
  {"r": "16 \u00e9 A ' C ( D (A) DNA. C. (A) maybe final is", "o": ["A red cube", "The blue sphere", "a green cone", "Two cylinders", "none of the above", "Energy is conserved", "Momentum is conserved", "Both E and G", "F = ma", "It depends"], "g": "J", "p": "C", "ref": "C", "c": false},
  {"r": "A \u00e9 (C)", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": "\u00e9 C. A. b is (D) final A A", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "A", "ref": "A", "c": false},
  {"r": "Mitochondria\nC.\n.\n)\nA:", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "D", "p": "C", "ref": "C", "c": false},
  {"r": ";    : (D) not ribosome", "o": ["Mitochondria", "DNA", "Ribosome", "Golgi apparatus"], "g": "B", "p": "D", "ref": "D", "c": false},
];

const OPEN: OpenRow[] = [
  {"r": "3.14 m", "g": "3.14", "p": [{"n": "3.14"}, "3.14 m"], "c": true, "cg": "FTFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["3.14 m"]},
  {"r": "3.14159", "g": "3.14", "p": [{"n": "3.14"}], "c": true, "cg": "FTFFFFFFFFFFFFFFFFFFF", "xn": ["3.14159"], "ns": [{"n": "3.14"}]},
  {"r": "3.145", "g": "3.14", "p": [{"n": "3.15"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["3.145"], "ns": [{"n": "3.15"}]},
  {"r": "2.675", "g": "2.67", "p": [{"n": "2.67"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["2.675"], "ns": [{"n": "2.67"}]},
  {"r": "The length is 3.14 m.", "g": "3.14", "p": [{"n": "3.14"}, "3.14 m"], "c": true, "cg": "FTFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["the length is 3.14 m."]},
  {"r": "1,234", "g": "1234", "p": [{"n": "1234.0"}, {"n": "234.0"}], "c": true, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["1,234", "234"], "ns": [{"n": "1234.0"}]},
  {"r": "1,234", "g": "1,234", "p": [{"n": "1234.0"}, {"n": "234.0"}], "c": true, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["1,234", "234"], "ns": [{"n": "1234.0"}]},
  {"r": "The population is 1,234,567 people", "g": "1234567", "p": [{"n": "567.0"}, "1,234,567 people", {"n": "1234567.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1,234,567", "567"], "ns": ["the population is 1,234,567 people"]},
  {"r": "12,34", "g": "1234", "p": [{"n": "1234.0"}, {"n": "34.0"}], "c": true, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["34"], "ns": [{"n": "1234.0"}]},
  {"r": "the total is 42.", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": ["the total is 42."]},
  {"r": "The total is 42", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": ["the total is 42"]},
  {"r": "Total: 42", "g": "42", "p": [{"n": "42.0"}, "total: 42"], "c": true, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42"], "ns": ["total: 42"]},
  {"r": "x = 5", "g": "5", "p": [{"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": ["x = 5"]},
  {"r": "x=5", "g": "5", "p": [{"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": ["x=5"]},
  {"r": "1e3", "g": "1000", "p": [{"n": "1000.0"}, {"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFTFFFFFFFFTT", "xn": ["1e3", "3"], "ns": [{"n": "1000.0"}]},
  {"r": "1E3", "g": "1000", "p": [{"n": "1000.0"}, {"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFTFFFFFFFFTT", "xn": ["1E3", "3"], "ns": [{"n": "1000.0"}]},
  {"r": "2.5e-3", "g": "0.0025", "p": [{"n": "0.0"}, {"n": "2.0"}, {"n": "-3.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["2.5e-3", "2", "-3"], "ns": [{"n": "0.0"}]},
  {"r": "The value is 1e5", "g": "100000", "p": [{"n": "100000.0"}, {"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFTFFFFFFF", "xn": ["1e5", "5"], "ns": ["the value is 1e5"]},
  {"r": "-0.5", "g": "-0.5", "p": [{"n": "-0.5"}], "c": true, "cg": "FFFFFFFFFTFFFFFFFFFFF", "xn": ["-0.5"], "ns": [{"n": "-0.5"}]},
  {"r": "The answer is -0.5.", "g": "-0.5", "p": [{"n": "-0.5"}], "c": true, "cg": "FFFFFFFFFTFFFFFFFFFFF", "xn": ["-0.5"], "ns": ["the answer is -0.5."]},
  {"r": "-0.001", "g": "0", "p": [{"n": "-0.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["-0.001"], "ns": [{"n": "-0.0"}]},
  {"r": "0.004", "g": "0", "p": [{"n": "0.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["0.004"], "ns": [{"n": "0.0"}]},
  {"r": "-0.004", "g": "0", "p": [{"n": "-0.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["-0.004"], "ns": [{"n": "-0.0"}]},
  {"r": "inf", "g": "inf", "p": [{"n": "inf"}], "c": true, "cg": "FFFFFFFFFFFFFFTFFFFFF", "xn": [], "ns": [{"n": "inf"}]},
  {"r": "Infinity", "g": "inf", "p": [{"n": "inf"}], "c": true, "cg": "FFFFFFFFFFFFFFTFFFFFF", "xn": [], "ns": [{"n": "inf"}]},
  {"r": "nan", "g": "nan", "p": [{"n": "nan"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": [], "ns": [{"n": "nan"}]},
  {"r": "x is nan\ny is nan", "g": "nan", "p": [{"n": "nan"}, {"n": "nan"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": [], "ns": ["x is nan\ny is nan"]},
  {"r": "twelve", "g": "twelve", "p": ["twelve"], "c": true, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["twelve"]},
  {"r": "Twelve.", "g": "twelve", "p": ["twelve"], "c": true, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["twelve."]},
  {"r": "The answer is twelve", "g": "twelve", "p": ["twelve"], "c": true, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["the answer is twelve"]},
  {"r": "Paris", "g": "paris", "p": ["paris"], "c": true, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": [], "ns": ["paris"]},
  {"r": "The capital is Paris.", "g": "paris", "p": ["paris"], "c": true, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the capital is paris."]},
  {"r": "The capital is Paris. The population is 2 million.", "g": "paris", "p": ["2 million", {"n": "2.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["2"], "ns": ["the capital is paris. the population is 2 million."]},
  {"r": "It is Paris\nSo the answer is Paris", "g": "paris", "p": ["paris"], "c": true, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": [], "ns": ["it is paris\nso the answer is paris"]},
  {"r": "a", "g": "a", "p": ["a ", " a"], "c": true, "cg": "FFFFFTFFFFFFFFFFFTFFF", "xn": [], "ns": [" a", "a "]},
  {"r": "A", "g": "a", "p": ["a ", " a"], "c": true, "cg": "FFFFFTFFFFFFFFFFFTFFF", "xn": [], "ns": [" a", "a "]},
  {"r": "The answer is a", "g": "a", "p": ["a ", " a"], "c": true, "cg": "FFFFFTFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is a"]},
  {"r": "The answer is a.", "g": "a", "p": ["a ", " a"], "c": true, "cg": "FFFFFTFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is a."]},
  {"r": "x", "g": "x", "p": [" x", "x "], "c": true, "cg": "FFFFFFTFFFFFFFFFFTFFF", "xn": [], "ns": [" x", "x "]},
  {"r": "The variable is x", "g": "x", "p": [" x", "x "], "c": true, "cg": "FFFFFFTFFFFFFFFFFTFFF", "xn": [], "ns": ["the variable is x"]},
  {"r": "Let me think.\nThe force is 10 N.\nTherefore the answer is 12.5 N", "g": "12.5", "p": ["12.5 n", {"n": "10.0"}, {"n": "12.5"}, "10 n."], "c": true, "cg": "FFFFFFFFFFFFFFFTFTFFF", "xn": ["10", "12.5"], "ns": ["let me think.\nthe force is 10 n.\ntherefore the answer is 12.5 n"]},
  {"r": "Step 1: compute area = 3 * 4 = 12\nStep 2: so the total is 24", "g": "24", "p": [{"n": "24.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["1", "3", "4", "12", "2", "24"], "ns": ["step 1: compute area = 3 * 4 = 12\nstep 2: so the total is 24"]},
  {"r": "The sum equals 7 and the product equals 12", "g": "12", "p": [{"n": "12.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["7", "12"], "ns": ["the sum equals 7 and the product equals 12"]},
  {"r": "there are 3 apples and 4 oranges", "g": "3", "p": [{"n": "3.0"}, "3 apples and 4 oranges", {"n": "4.0"}], "c": true, "cg": "FFFFFTFFFFFFFFFFFTFFT", "xn": ["3", "4"], "ns": ["there are 3 apples and 4 oranges"]},
  {"r": "We have 5 cats", "g": "5", "p": [{"n": "5.0"}, "5 cats"], "c": true, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["5"], "ns": ["we have 5 cats"]},
  {"r": "He has five cats", "g": ["5", "five"], "p": ["five cats"], "c": true, "cg": "FFFFFFFFTFFFFFFFFTFFF", "xn": [], "ns": ["he has five cats"]},
  {"r": "The number of cats is 5", "g": ["5", "five"], "p": [{"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": ["the number of cats is 5"]},
  {"r": "Answer: 1000", "g": "1000", "p": [{"n": "1000.0"}, "answer: 1000"], "c": true, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1000"], "ns": ["answer: 1000"]},
  {"r": "answer 1,000", "g": "1000", "p": [{"n": "1000.0"}, {"n": "0.0"}], "c": true, "cg": "FFFFFFFFFFTTFFFFFFFTF", "xn": ["1,000", "000"], "ns": ["answer 1,000"]},
  {"r": "1 000", "g": "1000", "p": [{"n": "0.0"}, {"n": "1.0"}, "1 000"], "c": false, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["1", "000"], "ns": ["1 000"]},
  {"r": "1_000", "g": "1000", "p": [{"n": "1000.0"}, {"n": "0.0"}], "c": true, "cg": "FFFFFFFFFFTTFFFFFFFTF", "xn": ["000"], "ns": [{"n": "1000.0"}]},
  {"r": "$1,000.50", "g": "1000.5", "p": ["$1,000.50", {"n": "1000.0"}, {"n": "0.5"}], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1,000", "000.50"], "ns": ["$1,000.50"]},
  {"r": "50%", "g": "50", "p": ["50%", {"n": "50.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["50"], "ns": ["50%"]},
  {"r": "The result is 50 %", "g": "50", "p": [{"n": "50.0"}, "50 %"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["50"], "ns": ["the result is 50 %"]},
  {"r": "3/4", "g": "0.75", "p": [{"n": "3.0"}, {"n": "4.0"}, "3/4"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFT", "xn": ["3", "4"], "ns": ["3/4"]},
  {"r": "It is 0.75", "g": "0.75", "p": [{"n": "0.75"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["0.75"], "ns": ["it is 0.75"]},
  {"r": ".5", "g": "0.5", "p": [{"n": "5.0"}], "c": false, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": [".5"], "ns": [{"n": "0.5"}]},
  {"r": "5.", "g": "5", "p": [{"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": [{"n": "5.0"}]},
  {"r": "The result is 5.", "g": "5", "p": [{"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": ["the result is 5."]},
  {"r": "+7", "g": "7", "p": [{"n": "7.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["7"], "ns": [{"n": "7.0"}]},
  {"r": "The answer is +7", "g": "7", "p": [{"n": "7.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["7"], "ns": ["the answer is +7"]},
  {"r": "--5", "g": "5", "p": ["--5", {"n": "-5.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["-5"], "ns": ["--5"]},
  {"r": "5-3", "g": "2", "p": [{"n": "-3.0"}, {"n": "5.0"}, "5-3"], "c": false, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["5", "-3"], "ns": ["5-3"]},
  {"r": "v = -3.5 m/s", "g": "-3.5", "p": ["-3.5 m/s", {"n": "-3.5"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["-3.5"], "ns": ["v = -3.5 m/s"]},
  {"r": "The speed is -3.5", "g": "-3.5", "p": [{"n": "-3.5"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["-3.5"], "ns": ["the speed is -3.5"]},
  {"r": "1.2.3", "g": "1.2", "p": [{"n": "0.3"}, {"n": "1.2"}, "1.2.3"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1.2", ".3"], "ns": ["1.2.3"]},
  {"r": "abc123def", "g": "123", "p": ["abc123def"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["abc123def"]},
  {"r": "x_1 = 4", "g": "4", "p": [{"n": "4.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["1", "4"], "ns": ["x_1 = 4"]},
  {"r": "\u00e91,000", "g": "1000", "p": [{"n": "0.0"}, "\u00e91,000"], "c": false, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["000"], "ns": ["\u00e91,000"]},
  {"r": "\u0661\u0662\u0663", "g": "123", "p": [{"n": "123.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["\u0661\u0662\u0663"], "ns": [{"n": "123.0"}]},
  {"r": "The answer is \u0661\u0662\u0663", "g": "123", "p": [{"n": "123.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["\u0661\u0662\u0663"], "ns": ["the answer is \u0661\u0662\u0663"]},
  {"r": "\uff11\uff12\uff13", "g": "123", "p": [{"n": "123.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["\uff11\uff12\uff13"], "ns": [{"n": "123.0"}]},
  {"r": "The answer is \uff13.\uff15", "g": "3.5", "p": [{"n": "3.5"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["\uff13.\uff15"], "ns": ["the answer is \uff13.\uff15"]},
  {"r": "The answer is \u03c0", "g": "\u03c0", "p": ["\u03c0 ", " \u03c0"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTTFF", "xn": [], "ns": ["the answer is \u03c0"]},
  {"r": "The answer is \ud835\udfcf\ud835\udfd0", "g": "12", "p": [{"n": "12.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["\ud835\udfcf\ud835\udfd0"], "ns": ["the answer is \ud835\udfcf\ud835\udfd0"]},
  {"r": "\ud83d\ude00 is 42", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": ["\ud83d\ude00 is 42"]},
  {"r": "\ud83d\ude00\ud83d\ude00 is 4\n\ud83c\udf89 has 42 x", "g": "42", "p": [{"n": "42.0"}, {"n": "4.0"}, "42 x"], "c": true, "cg": "TFFFFFTFFFFFFFFFFTFFF", "xn": ["4", "42"], "ns": ["\ud83d\ude00\ud83d\ude00 is 4\n\ud83c\udf89 has 42 x"]},
  {"r": "  ", "g": "x", "p": [""], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [""]},
  {"r": "\n", "g": "x", "p": [""], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [""]},
  {"r": ".", "g": "x", "p": [""], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" .", ". "]},
  {"r": "...", "g": "x", "p": [""], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["..."]},
  {"r": "API Error", "g": "x", "p": null, "c": null, "cg": null, "xn": [], "ns": ["api error"]},
  {"r": "", "g": "x", "p": null, "c": null, "cg": null, "xn": [], "ns": [""]},
  {"r": "is :", "g": "x", "p": ["is :"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["is :"]},
  {"r": "so ?", "g": "x", "p": ["so ?"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["so ?"]},
  {"r": "The answer is", "g": "x", "p": ["is"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is"]},
  {"r": "the answer is ", "g": "x", "p": ["is"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is"]},
  {"r": "is is", "g": "x", "p": ["is"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["is is"]},
  {"r": "=", "g": "x", "p": [" =", "= "], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" =", "= "]},
  {"r": "a = ", "g": "x", "p": ["a ="], "c": false, "cg": "FFFFFTFFFFFFFFFFFTFFF", "xn": [], "ns": ["a ="]},
  {"r": "The answer is\u00a042", "g": "42", "p": ["is\u00a042", {"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42"], "ns": ["the answer is\u00a042"]},
  {"r": "The answer is 42\u2003", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": ["the answer is 42"]},
  {"r": "\u3000 42 \u3000", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": [{"n": "42.0"}]},
  {"r": "42\u001c", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": [{"n": "42.0"}]},
  {"r": "\u001c42", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": [{"n": "42.0"}]},
  {"r": "\ufeff42", "g": "42", "p": [{"n": "42.0"}, "\ufeff42"], "c": true, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42"], "ns": ["\ufeff42"]},
  {"r": "42\u0085", "g": "42", "p": [{"n": "42.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42"], "ns": [{"n": "42.0"}]},
  {"r": "THE ANSWER IS B", "g": "b", "p": [" b", "b "], "c": true, "cg": "FFFFFFFFFFFFFFFFTTFFF", "xn": [], "ns": ["the answer is b"]},
  {"r": "The answer is B. Done", "g": "b", "p": ["b. done"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is b. done"]},
  {"r": "Option B. Then C.", "g": "b", "p": ["option b. then c"], "c": true, "cg": "FFFFFFFFFFFFFFFFTTFFF", "xn": [], "ns": ["option b. then c."]},
  {"r": "In total there are 17 students", "g": "17", "p": [{"n": "17.0"}, "17 students"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["17"], "ns": ["in total there are 17 students"]},
  {"r": "It adds up to 30", "g": "30", "p": [{"n": "30.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["30"], "ns": ["it adds up to 30"]},
  {"r": "found to be 9.81 m/s^2", "g": "9.81", "p": [{"n": "9.81"}, {"n": "2.0"}, "9.81 m/s^2"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["9.81", "2"], "ns": ["found to be 9.81 m/s^2"]},
  {"r": "The final value is 0.1 + 0.2", "g": "0.3", "p": [{"n": "0.1"}, {"n": "0.2"}, "0.1 + 0.2"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["0.1", "0.2"], "ns": ["the final value is 0.1 + 0.2"]},
  {"r": "thus 3", "g": "3", "p": [{"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFT", "xn": ["3"], "ns": ["thus 3"]},
  {"r": "Hence 3", "g": "3", "p": ["hence 3", {"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFT", "xn": ["3"], "ns": ["hence 3"]},
  {"r": "we identify 3 shapes", "g": "3", "p": [{"n": "3.0"}, "3 shapes"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFT", "xn": ["3"], "ns": ["we identify 3 shapes"]},
  {"r": "The result could be 4 or 5", "g": "5", "p": [{"n": "4.0"}, {"n": "5.0"}, "4 or 5"], "c": true, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["4", "5"], "ns": ["the result could be 4 or 5"]},
  {"r": "The answer are 6", "g": "6", "p": [{"n": "6.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["6"], "ns": ["the answer are 6"]},
  {"r": "1e400", "g": "inf", "p": [{"n": "400.0"}, {"n": "inf"}], "c": true, "cg": "FFFFFFFFFFFFFFTFFFFFF", "xn": ["1e400", "400"], "ns": [{"n": "inf"}]},
  {"r": "-1e400", "g": "inf", "p": [{"n": "400.0"}, {"n": "-inf"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["-1e400", "400"], "ns": [{"n": "-inf"}]},
  {"r": "1e-400", "g": "0", "p": [{"n": "0.0"}, {"n": "-400.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["1e-400", "-400"], "ns": [{"n": "0.0"}]},
  {"r": "The answer is 9999999999999999999999", "g": "1e22", "p": [{"n": "1e+22"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["9999999999999999999999"], "ns": ["the answer is 9999999999999999999999"]},
  {"r": "0.125", "g": "0.12", "p": [{"n": "0.12"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["0.125"], "ns": [{"n": "0.12"}]},
  {"r": "0.135", "g": "0.14", "p": [{"n": "0.14"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["0.135"], "ns": [{"n": "0.14"}]},
  {"r": "-2.675", "g": "-2.67", "p": [{"n": "-2.67"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["-2.675"], "ns": [{"n": "-2.67"}]},
  {"r": "\u03a3\u0391\u03a3 is \u0391\u03a3", "g": "\u03b1\u03c2", "p": ["\u03b1\u03c2"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["\u03c3\u03b1\u03c2 is \u03b1\u03c2"]},
  {"r": "The city is \u0130stanbul", "g": "i\u0307stanbul", "p": ["i\u0307stanbul"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the city is i\u0307stanbul"]},
  {"r": "Stra\u00dfe is the word", "g": "stra\u00dfe", "p": ["the word"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["stra\u00dfe is the word"]},
  {"r": "The answer is 42.\nThe answer is 43.", "g": "43", "p": [{"n": "42.0"}, {"n": "43.0"}], "c": true, "cg": "TFFFFFFFFFFFFFFFFFFFF", "xn": ["42", "43"], "ns": ["the answer is 42.\nthe answer is 43."]},
  {"r": "The answer is 42. The answer is 43", "g": "42", "p": [{"n": "43.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["42", "43"], "ns": ["the answer is 42. the answer is 43"]},
  {"r": "The answer is 12 (twelve)", "g": "12", "p": ["12 (twelve)", {"n": "12.0"}], "c": true, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": ["12"], "ns": ["the answer is 12 (twelve)"]},
  {"r": "10^3 = 1000", "g": "1000", "p": [{"n": "1000.0"}], "c": true, "cg": "FFFFFFFFFFTFFFFFFFFTF", "xn": ["10", "3", "1000"], "ns": ["10^3 = 1000"]},
  {"r": "2x + 3 = 7, so x = 2", "g": "2", "p": [{"n": "2.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["3", "2"], "ns": ["2x + 3 = 7, so x = 2"]},
  {"r": "1,2,3", "g": "123", "p": [{"n": "3.0"}, {"n": "123.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFT", "xn": ["3"], "ns": [{"n": "123.0"}]},
  {"r": "1,23", "g": "1.23", "p": [{"n": "123.0"}, {"n": "23.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["23"], "ns": [{"n": "123.0"}]},
  {"r": "1,234.5", "g": "1234.5", "p": [{"n": "1234.0"}, {"n": "1234.5"}, {"n": "234.5"}], "c": true, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["1,234", "234.5"], "ns": [{"n": "1234.5"}]},
  {"r": "-1,234", "g": "-1234", "p": [{"n": "234.0"}, {"n": "-1234.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["-1,234", "234"], "ns": [{"n": "-1234.0"}]},
  {"r": "1,234e3", "g": "1234000", "p": [{"n": "1234000.0"}, {"n": "234000.0"}, {"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFT", "xn": ["234e3", "3"], "ns": [{"n": "1234000.0"}]},
  {"r": "12e", "g": "12", "p": ["12e"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["12e"]},
  {"r": "\ud83d\ude00", "g": "\ud83d\ude00", "p": [" \ud83d\ude00", "\ud83d\ude00 "], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" \ud83d\ude00", "\ud83d\ude00 "]},
  {"r": "The answer is \ud83d\ude00", "g": "\ud83d\ude00", "p": [" \ud83d\ude00", "\ud83d\ude00 "], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the answer is \ud83d\ude00"]},
  {"r": "e\u0301", "g": "x", "p": ["e\u0301"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["e\u0301"]},
  {"r": "\u0130", "g": "i", "p": ["i\u0307"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["i\u0307"]},
  {"r": "The letter is \u0130", "g": "i\u0307", "p": ["i\u0307"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the letter is i\u0307"]},
  {"r": "\u00e9", "g": "\u00e9", "p": ["\u00e9 ", " \u00e9"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" \u00e9", "\u00e9 "]},
  {"r": "e5", "g": "5", "p": [{"n": "5.0"}, "e5"], "c": true, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["5"], "ns": ["e5"]},
  {"r": "1.5e+2", "g": "150", "p": [{"n": "1.0"}, {"n": "2.0"}, {"n": "150.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFF", "xn": ["1.5e+2", "1", "2"], "ns": [{"n": "150.0"}]},
  {"r": "3.0", "g": "3", "p": [{"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFT", "xn": ["3.0"], "ns": [{"n": "3.0"}]},
  {"r": "03", "g": "3", "p": [{"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFFFFFFFFFFFT", "xn": ["03"], "ns": [{"n": "3.0"}]},
  {"r": "0x10", "g": "16", "p": [{"n": "10.0"}, "0x10"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["10"], "ns": ["0x10"]},
  {"r": "1e1_0", "g": "1e10", "p": [{"n": "10000000000.0"}, {"n": "0.0"}, {"n": "10.0"}], "c": true, "cg": "FFFFFFFFFFFTFFFFFFFFF", "xn": ["1e1", "0"], "ns": [{"n": "10000000000.0"}]},
  {"r": "??5e", "g": "1000", "p": ["??5e"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["??5e"]},
  {"r": "is ? - five twelve 42 42 so value", "g": "42", "p": ["value"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["42", "42"], "ns": ["is ? - five twelve 42 42 so value"]},
  {"r": "e value twelve + Paris total , have 12,34 3.14 0", "g": "0", "p": [{"n": "3.14"}, {"n": "0.0"}, {"n": "34.0"}, "12,34 3.14 0"], "c": true, "cg": "FTFFFFFFFFFTFFFFFTFFF", "xn": ["34", "3.14", "0"], "ns": ["e value twelve + paris total , have 12,34 3.14 0"]},
  {"r": "-0.5\ne\n\u0661\u0662\nso\n\u00e9\n\u00e9\nParis\nnumber of\ntotal\n-", "g": "a", "p": [{"n": "-0.5"}, "-0.5\ne\n\u0661\u0662\nso\n\u00e9\n\u00e9\nparis\nnumber of\ntotal\n-", {"n": "12.0"}], "c": false, "cg": "FFFFTFFFFTFFFFFFFTFFF", "xn": ["-0.5", "\u0661\u0662"], "ns": ["-0.5\ne\n\u0661\u0662\nso\n\u00e9\n\u00e9\nparis\nnumber of\ntotal\n-"]},
  {"r": "?", "g": "x", "p": [" ?", "? "], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" ?", "? "]},
  {"r": "efive=five1e3thereforeso\u00e91000-has", "g": "x", "p": ["five1e3thereforeso\u00e91000-has", {"n": "1000.0"}], "c": false, "cg": "FFFFFFFFTFTFFFFFFTFTF", "xn": ["1e3", "1000"], "ns": ["efive=five1e3thereforeso\u00e91000-has"]},
  {"r": "1e3 42", "g": "42", "p": [{"n": "1000.0"}, {"n": "42.0"}, {"n": "3.0"}, "1e3 42"], "c": true, "cg": "TFFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "3", "42"], "ns": ["1e3 42"]},
  {"r": "+ a Paris the 1,234 42 number of five", "g": "3", "p": ["five"], "c": false, "cg": "FFFFFFFFTFFFFFFFFTFFF", "xn": ["1,234", "234", "42"], "ns": ["+ a paris the 1,234 42 number of five"]},
  {"r": "number of 1000 : 1000 ? value + - equals \u00e9 12,34", "g": "1e3", "p": [{"n": "34.0"}, "\u00e9 12,34"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1000", "1000", "34"], "ns": ["number of 1000 : 1000 ? value + - equals \u00e9 12,34"]},
  {"r": "5", "g": "\u03c0", "p": [{"n": "5.0"}], "c": false, "cg": "FFFFFFFTTFFFFFFFFFFFF", "xn": ["5"], "ns": [{"n": "5.0"}]},
  {"r": ":\n-0.5\ntwelve\nnumber of\n1000\nthe\nParis\nnumber of\nequals", "g": "a", "p": [":\n-0.5\ntwelve\nnumber of\n1000\nthe\nparis\nnumber of\nequals", {"n": "-0.5"}, {"n": "1000.0"}], "c": false, "cg": "FFFFTFFFFTTFTFFFFTFTF", "xn": ["-0.5", "1000"], "ns": [":\n-0.5\ntwelve\nnumber of\n1000\nthe\nparis\nnumber of\nequals"]},
  {"r": "has=twelve", "g": "-0.5", "p": ["twelve"], "c": false, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["has=twelve"]},
  {"r": "1,234\n-\n+\n?\ne\n1,234\n=", "g": "1234", "p": [{"n": "1234.0"}, {"n": "234.0"}, "1,234\n-\n+\n?\ne\n1,234\n="], "c": true, "cg": "FFTTFFFFFFFFFFFFFTFFF", "xn": ["1,234", "1,234", "234", "234"], "ns": ["1,234\n-\n+\n?\ne\n1,234\n="]},
  {"r": "total\nfive\n.\n3.14\ntotal\ntwelve", "g": "\u03c0", "p": [{"n": "3.14"}, "total\nfive\n.\n3.14\ntotal\ntwelve"], "c": false, "cg": "FTFFFFFFTFFFTFFFFTFFF", "xn": ["3.14"], "ns": ["total\nfive\n.\n3.14\ntotal\ntwelve"]},
  {"r": "\u00e9 five is the . equals -0.5", "g": "100000", "p": [{"n": "-0.5"}], "c": false, "cg": "FFFFFFFFFTFFFFFFFFFFF", "xn": ["-0.5"], "ns": ["\u00e9 five is the . equals -0.5"]},
  {"r": "5 Paris is  0 therefore a so value", "g": "3", "p": ["value"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["5", "0"], "ns": ["5 paris is  0 therefore a so value"]},
  {"r": "\u0661\u0662 answer 3.14 so =", "g": "\u03c0", "p": [{"n": "3.14"}, {"n": "12.0"}, "\u0661\u0662 answer 3.14 so ="], "c": false, "cg": "FTFFFTFFFFFFFFFFFTFFF", "xn": ["\u0661\u0662", "3.14"], "ns": ["\u0661\u0662 answer 3.14 so ="]},
  {"r": "have\n.\ntwelve\nnumber of\nis \n-\nhas\n,", "g": "5", "p": ["have\n.\ntwelve\nnumber of\nis \n-\nhas\n,"], "c": false, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["have\n.\ntwelve\nnumber of\nis \n-\nhas\n,"]},
  {"r": "five , is Paris five a therefore five twelve :", "g": "paris", "p": ["five twelve :"], "c": false, "cg": "FFFFFFFFTFFFTFFFFTFFF", "xn": [], "ns": ["five , is paris five a therefore five twelve :"]},
  {"r": "the", "g": "3", "p": ["the"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["the"]},
  {"r": "1,234 therefore 1000 12,34 1000 so ? therefore equals", "g": ["5", "five"], "p": ["equals"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1,234", "234", "1000", "34", "1000"], "ns": ["1,234 therefore 1000 12,34 1000 so ? therefore equals"]},
  {"r": "-\n0\nnumber of\n?", "g": "inf", "p": [{"n": "0.0"}, "-\n0\nnumber of\n?"], "c": false, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["0"], "ns": ["-\n0\nnumber of\n?"]},
  {"r": "12,34", "g": "3", "p": [{"n": "1234.0"}, {"n": "34.0"}], "c": false, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["34"], "ns": [{"n": "1234.0"}]},
  {"r": "twelve 1000 value equals has", "g": "a", "p": ["has"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1000"], "ns": ["twelve 1000 value equals has"]},
  {"r": "hase", "g": "0", "p": ["hase"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["hase"]},
  {"r": "1e3:?", "g": "1e3", "p": [{"n": "1000.0"}, {"n": "3.0"}, "1e3:?"], "c": true, "cg": "FFFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "3"], "ns": ["1e3:?"]},
  {"r": "42 number of is  \u0661\u0662 therefore", "g": "1000", "p": ["\u0661\u0662 therefore", {"n": "12.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["42", "\u0661\u0662"], "ns": ["42 number of is  \u0661\u0662 therefore"]},
  {"r": "? therefore equals 5 , 12,34    the -0.5 number of -0.5 \n", "g": "1234", "p": [{"n": "-0.5"}], "c": false, "cg": "FFFFFFFFFTFFFFFFFFFFF", "xn": ["5", "34", "-0.5", "-0.5"], "ns": ["? therefore equals 5 , 12,34    the -0.5 number of -0.5"]},
  {"r": "e have number of - has + 12,34 so Paris total have .", "g": "twelve", "p": [{"n": "34.0"}, "+ 12,34 so paris total have"], "c": false, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": ["34"], "ns": ["e have number of - has + 12,34 so paris total have ."]},
  {"r": "e the answer    ? 0 0 is have therefore 1e3", "g": "3", "p": [{"n": "1000.0"}, {"n": "3.0"}], "c": true, "cg": "FFFFFFFFFFTFFFFFFFFTT", "xn": ["1e3", "0", "0", "3"], "ns": ["e the answer    ? 0 0 is have therefore 1e3"]},
  {"r": "1e3 have number of five 1e3 have is 1000 ? -0.5 1e3", "g": "paris", "p": [{"n": "1000.0"}, "1000 ? -0.5 1e3", {"n": "3.0"}, {"n": "-0.5"}], "c": false, "cg": "FFFFFFFFFTTFFFFFFTFTT", "xn": ["1e3", "1e3", "1e3", "3", "3", "1000", "-0.5", "3"], "ns": ["1e3 have number of five 1e3 have is 1000 ? -0.5 1e3"]},
  {"r": "e", "g": "100000", "p": [" e", "e "], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" e", "e "]},
  {"r": "\u00e9=+1e31e3five  total", "g": "42", "p": ["+1e31e3five  total", {"n": "1e+31"}], "c": false, "cg": "FFFFFFFFTFFFFFFFFTFFF", "xn": ["1e31"], "ns": ["\u00e9=+1e31e3five  total"]},
  {"r": "\u00e9 5 Paris 42 \u00e9 1e3 value = :", "g": "1234", "p": [{"n": "3.0"}, {"n": "5.0"}, {"n": "1000.0"}, {"n": "42.0"}, "\u00e9 5 paris 42 \u00e9 1e3 value = :"], "c": false, "cg": "TFFFTFFTTFTFFFFFFTFTT", "xn": ["1e3", "5", "42", "3"], "ns": ["\u00e9 5 paris 42 \u00e9 1e3 value = :"]},
  {"r": "3.14\n\n\nequals\nhave\n,\n\u00e9\n\u0661\u0662\n=\n42\nis \n12,34\nis", "g": "\u03c0", "p": [{"n": "34.0"}, {"n": "3.14"}, {"n": "42.0"}, {"n": "12.0"}, "3.14\n\n\nequals\nhave\n,\n\u00e9\n\u0661\u0662\n=\n42\nis \n12,34\nis"], "c": false, "cg": "TTFFFFFFFFFFFFFFFTFFF", "xn": ["3.14", "\u0661\u0662", "42", "34"], "ns": ["3.14\n\n\nequals\nhave\n,\n\u00e9\n\u0661\u0662\n=\n42\nis \n12,34\nis"]},
  {"r": "1000 \u0661\u0662 \u0661\u0662 3.14 answer 3.14", "g": "x", "p": [{"n": "3.14"}], "c": false, "cg": "FTFFFFFFFFFFFFFFFFFFF", "xn": ["1000", "\u0661\u0662", "\u0661\u0662", "3.14", "3.14"], "ns": ["1000 \u0661\u0662 \u0661\u0662 3.14 answer 3.14"]},
  {"r": "answer?\u0661\u0662+\u00e9", "g": "5", "p": ["answer?\u0661\u0662+\u00e9", {"n": "12.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["\u0661\u0662"], "ns": ["answer?\u0661\u0662+\u00e9"]},
  {"r": "-", "g": "5", "p": ["- ", " -"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" -", "- "]},
  {"r": "have+fivevalue-0.5?5Paris:ex+", "g": "", "p": [{"n": "-0.5"}, "have+fivevalue-0.5?5paris:ex+"], "c": true, "cg": "FFFFTFFFTTFFFFFFFTFFF", "xn": ["-0.5"], "ns": ["have+fivevalue-0.5?5paris:ex+"]},
  {"r": "the -0.5 1,234 answer x 0 5 ?", "g": "42", "p": ["x 0 5 ?", {"n": "0.0"}, {"n": "5.0"}], "c": false, "cg": "FFFFFFTTTFFTFFFFFTFFF", "xn": ["1,234", "-0.5", "234", "0", "5"], "ns": ["the -0.5 1,234 answer x 0 5 ?"]},
  {"r": "the . 5 x : has", "g": "paris", "p": [{"n": "5.0"}, "the . 5 x : has"], "c": false, "cg": "FFFFFFTTTFFFFFFFFTFFF", "xn": ["5"], "ns": ["the . 5 x : has"]},
  {"r": "5answer", "g": "42", "p": ["5answer"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["5answer"]},
  {"r": ",\n\n\n-0.5\nvalue\n42\n.\ntherefore\nParis", "g": ["5", "five"], "p": [{"n": "-0.5"}, {"n": "42.0"}, ",\n\n\n-0.5\nvalue\n42\n.\ntherefore\nparis"], "c": false, "cg": "TFFFTFFFFTFFFFFFFTFFF", "xn": ["-0.5", "42"], "ns": [",\n\n\n-0.5\nvalue\n42\n.\ntherefore\nparis"]},
  {"r": "number ofsoso", "g": "\u03c0", "p": ["number ofsoso"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["number ofsoso"]},
  {"r": "+ x 1,234 . -0.5", "g": "twelve", "p": [{"n": "-0.5"}, {"n": "1234.0"}, "+ x 1,234 . -0.5", {"n": "234.0"}], "c": false, "cg": "FFTTFFTFFTFFFFFFFTFFF", "xn": ["1,234", "234", "-0.5"], "ns": ["+ x 1,234 . -0.5"]},
  {"r": "have answer value twelve 1,234 \u0661\u0662 five \n twelve the", "g": "3", "p": [{"n": "1234.0"}, "value twelve 1,234 \u0661\u0662 five", {"n": "234.0"}, {"n": "12.0"}], "c": false, "cg": "FFTTFFFFTFFFTFFFFTFFF", "xn": ["1,234", "234", "\u0661\u0662"], "ns": ["have answer value twelve 1,234 \u0661\u0662 five \n twelve the"]},
  {"r": "is 5 is + 1e3 : 1e3 0 number of", "g": "twelve", "p": [{"n": "1000.0"}, "+ 1e3 : 1e3 0 number of", {"n": "3.0"}, {"n": "0.0"}], "c": false, "cg": "FFFFFFFFFFTTFFFFFTFTT", "xn": ["1e3", "1e3", "5", "3", "3", "0"], "ns": ["is 5 is + 1e3 : 1e3 0 number of"]},
  {"r": "e twelve 0    is  value 0 so 42 1000", "g": "0", "p": [{"n": "1000.0"}, {"n": "42.0"}, "42 1000"], "c": false, "cg": "TFFFFFFFFFTFFFFFFTFTF", "xn": ["0", "0", "42", "1000"], "ns": ["e twelve 0    is  value 0 so 42 1000"]},
  {"r": "= number of 1,234 equals 0 : equals = ? 1000 so", "g": "paris", "p": [{"n": "1000.0"}, "? 1000 so"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1,234", "234", "0", "1000"], "ns": ["= number of 1,234 equals 0 : equals = ? 1000 so"]},
  {"r": "- Paris x five ? 5 1e3 12,34 so +", "g": "100000", "p": [" +", "+ "], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["1e3", "5", "3", "34"], "ns": ["- paris x five ? 5 1e3 12,34 so +"]},
  {"r": "so\ntotal\n.\nnumber of\n?\n1000\n.\nequals\n  \nhas", "g": "3", "p": [{"n": "1000.0"}, "so\ntotal\n.\nnumber of\n?\n1000\n.\nequals\n  \nhas"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1000"], "ns": ["so\ntotal\n.\nnumber of\n?\n1000\n.\nequals\n  \nhas"]},
  {"r": "+ 42 , e", "g": "", "p": [{"n": "42.0"}, "+ 42 , e"], "c": true, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42"], "ns": ["+ 42 , e"]},
  {"r": "?=xx\u0661\u0662have", "g": "-0.5", "p": ["xx\u0661\u0662have"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["?=xx\u0661\u0662have"]},
  {"r": "\u00e9 therefore", "g": "100000", "p": ["\u00e9 therefore"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["\u00e9 therefore"]},
  {"r": "3.14havethe1000value", "g": "inf", "p": ["3.14havethe1000value", {"n": "3.14"}], "c": false, "cg": "FTFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["3.14havethe1000value"]},
  {"r": "0 five number of twelve - total is ", "g": "3", "p": ["is"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["0"], "ns": ["0 five number of twelve - total is"]},
  {"r": "42\n.\n1000\n42\n3.14\n1000\nequals\nParis", "g": "1234", "p": [{"n": "1000.0"}, {"n": "42.0"}, {"n": "3.14"}, "42\n.\n1000\n42\n3.14\n1000\nequals\nparis"], "c": false, "cg": "TTFFTFFFFFTFFFFFFTFTF", "xn": ["42", "1000", "42", "3.14", "1000"], "ns": ["42\n.\n1000\n42\n3.14\n1000\nequals\nparis"]},
  {"r": "\n\ntherefore\ntotal\n-0.5\nvalue", "g": "twelve", "p": [{"n": "-0.5"}, "therefore\ntotal\n-0.5\nvalue"], "c": false, "cg": "FFFFFFFFFTFFFFFFFTFFF", "xn": ["-0.5"], "ns": ["therefore\ntotal\n-0.5\nvalue"]},
  {"r": "1e3 , a has has , so \u00e9 5 \u0661\u0662 value", "g": "", "p": ["\u00e9 5 \u0661\u0662 value", {"n": "12.0"}, {"n": "5.0"}], "c": true, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["1e3", "3", "5", "\u0661\u0662"], "ns": ["1e3 , a has has , so \u00e9 5 \u0661\u0662 value"]},
  {"r": "? \u00e9", "g": "100000", "p": ["? \u00e9"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["? \u00e9"]},
  {"r": "has ? ? has have = is 12,34 42 e 1000 \u0661\u0662", "g": ["5", "five"], "p": [{"n": "34.0"}, {"n": "1000.0"}, {"n": "42.0"}, {"n": "12.0"}, "12,34 42 e 1000 \u0661\u0662"], "c": false, "cg": "TFFFFFFFFFTFFFFFFTFTF", "xn": ["34", "42", "1000", "\u0661\u0662"], "ns": ["has ? ? has have = is 12,34 42 e 1000 \u0661\u0662"]},
  {"r": "therefore = -0.5 \n \u0661\u0662 1000 3.14 1,234 1e3 \n", "g": "", "p": [{"n": "-0.5"}, "= -0.5"], "c": true, "cg": "FFFFFFFFFTFFFFFFFTFFF", "xn": ["1,234", "1e3", "-0.5", "\u0661\u0662", "1000", "3.14", "234", "3"], "ns": ["therefore = -0.5 \n \u0661\u0662 1000 3.14 1,234 1e3"]},
  {"r": "- ? a 1e3 12,34 0 \u00e9 . a", "g": "5", "p": [{"n": "0.0"}, {"n": "34.0"}, {"n": "3.0"}, {"n": "1000.0"}, "- ? a 1e3 12,34 0 \u00e9 . a"], "c": false, "cg": "FFFFFTFFFFTTFFFFFTFTT", "xn": ["1e3", "3", "34", "0"], "ns": ["- ? a 1e3 12,34 0 \u00e9 . a"]},
  {"r": "= x \u0661\u0662 so \u0661\u0662 . 5 is = : have", "g": "3", "p": [": have"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["\u0661\u0662", "\u0661\u0662", "5"], "ns": ["= x \u0661\u0662 so \u0661\u0662 . 5 is = : have"]},
  {"r": "\u00e9\nso\n\u00e9\n?\n3.14\n-\n=\nequals\n,\n1000\nso", "g": "12.5", "p": ["\u00e9\nso\n\u00e9\n?\n3.14\n-\n=\nequals\n,\n1000\nso", {"n": "1000.0"}, {"n": "3.14"}], "c": false, "cg": "FTFFFFFFFFTFFFFFFTFTF", "xn": ["3.14", "1000"], "ns": ["\u00e9\nso\n\u00e9\n?\n3.14\n-\n=\nequals\n,\n1000\nso"]},
  {"r": "is \n  \n1000\nis\ne\na\ntwelve\nhas\n42\nvalue\nfive\n42", "g": "\u03c0", "p": [{"n": "1000.0"}, {"n": "42.0"}, "is \n  \n1000\nis\ne\na\ntwelve\nhas\n42\nvalue\nfive\n42"], "c": false, "cg": "TFFFFFFFTFTFTFFFFTFTF", "xn": ["1000", "42", "42"], "ns": ["is \n  \n1000\nis\ne\na\ntwelve\nhas\n42\nvalue\nfive\n42"]},
  {"r": "five so 3.14 x x total : equals", "g": "5", "p": [": equals"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["five so 3.14 x x total : equals"]},
  {"r": "1000 1e3 a    Paris -0.5 1e3 value x", "g": "100000", "p": ["-0.5 1e3 value x", {"n": "1000.0"}, {"n": "3.0"}, {"n": "-0.5"}], "c": false, "cg": "FFFFFFTFFTTFFFFFFTFTT", "xn": ["1e3", "1e3", "1000", "3", "-0.5", "3"], "ns": ["1000 1e3 a    paris -0.5 1e3 value x"]},
  {"r": "1e3\n=\nanswer\n,\n3.14\n1e3\nvalue\n-\nhave\n-", "g": "42", "p": [{"n": "1000.0"}, {"n": "3.0"}, "1e3\n=\nanswer\n,\n3.14\n1e3\nvalue\n-\nhave\n-", {"n": "3.14"}], "c": false, "cg": "FTFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "1e3", "3", "3.14", "3"], "ns": ["1e3\n=\nanswer\n,\n3.14\n1e3\nvalue\n-\nhave\n-"]},
  {"r": "five\n-0.5\n:\nequals", "g": "100000", "p": [{"n": "-0.5"}, "five\n-0.5\n:\nequals"], "c": false, "cg": "FFFFFFFFTTFFFFFFFTFFF", "xn": ["-0.5"], "ns": ["five\n-0.5\n:\nequals"]},
  {"r": "\u00e9 the a x", "g": "3", "p": ["\u00e9 the a x"], "c": false, "cg": "FFFFFTTFFFFFFFFFFTFFF", "xn": [], "ns": ["\u00e9 the a x"]},
  {"r": ".has+12,34a=number of\u00e9total0", "g": "100000", "p": [{"n": "0.0"}, "number of\u00e9total0"], "c": false, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["0"], "ns": [".has+12,34a=number of\u00e9total0"]},
  {"r": "is ", "g": "3.14", "p": ["is"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["is"]},
  {"r": "3.14    , therefore total", "g": "-0.5", "p": ["total"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["3.14    , therefore total"]},
  {"r": "number of", "g": "-0.5", "p": ["number of"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["number of"]},
  {"r": "so answer has 1e3 0 5 -0.5 = total 1000 =", "g": "0", "p": [{"n": "0.0"}, {"n": "-0.5"}, {"n": "3.0"}, {"n": "5.0"}, {"n": "1000.0"}, "so answer has 1e3 0 5 -0.5 = total 1000 ="], "c": true, "cg": "FFFFFTFTTTTTFFFFFTFTT", "xn": ["1e3", "3", "0", "5", "-0.5", "1000"], "ns": ["so answer has 1e3 0 5 -0.5 = total 1000 ="]},
  {"r": "equals\n12,34\nx\n1000\nthe", "g": "twelve", "p": [{"n": "1000.0"}, "equals\n12,34\nx\n1000\nthe", {"n": "34.0"}], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["34", "1000"], "ns": ["equals\n12,34\nx\n1000\nthe"]},
  {"r": ". -0.5 so the 0 -0.5 equals -0.5 + ? has", "g": "12.5", "p": [{"n": "-0.5"}, "-0.5 + ? has"], "c": false, "cg": "FFFFFFFFFTFFFFFFFTFFF", "xn": ["-0.5", "0", "-0.5", "-0.5"], "ns": [". -0.5 so the 0 -0.5 equals -0.5 + ? has"]},
  {"r": "+ . 1e3 a", "g": "", "p": [{"n": "1000.0"}, {"n": "3.0"}, "+ . 1e3 a"], "c": true, "cg": "FFFFFTFFFFTFFFFFFTFTT", "xn": ["1e3", "3"], "ns": ["+ . 1e3 a"]},
  {"r": ".value\u00e9", "g": "3", "p": ["value\u00e9"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [".value\u00e9"]},
  {"r": "12,34,,3.141,234\nso", "g": ["5", "five"], "p": [{"n": "234.0"}, "12,34,,3.141,234\nso", {"n": "141234.0"}, {"n": "3.0"}], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFT", "xn": ["141,234", "3", "234"], "ns": ["12,34,,3.141,234\nso"]},
  {"r": "a\n12,34\nParis\n?", "g": "100000", "p": [{"n": "34.0"}, "a\n12,34\nparis\n?"], "c": false, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": ["34"], "ns": ["a\n12,34\nparis\n?"]},
  {"r": "totalanswer", "g": "paris", "p": ["totalanswer"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["totalanswer"]},
  {"r": ",+", "g": ["5", "five"], "p": [",+"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [",+"]},
  {"r": "a + is 12,34 : x Paris so twelve", "g": "1e3", "p": ["twelve"], "c": false, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": ["34"], "ns": ["a + is 12,34 : x paris so twelve"]},
  {"r": "have\n0\n1,234\n-\n.\n\u0661\u0662\n1,234\n+\nis \n3.14\n\u0661\u0662", "g": "inf", "p": [{"n": "0.0"}, {"n": "3.14"}, {"n": "234.0"}, "have\n0\n1,234\n-\n.\n\u0661\u0662\n1,234\n+\nis \n3.14\n\u0661\u0662", {"n": "12.0"}, {"n": "1234.0"}], "c": false, "cg": "FTTTFFFFFFFTFFFFFTFFF", "xn": ["1,234", "1,234", "0", "234", "\u0661\u0662", "234", "3.14", "\u0661\u0662"], "ns": ["have\n0\n1,234\n-\n.\n\u0661\u0662\n1,234\n+\nis \n3.14\n\u0661\u0662"]},
  {"r": "1e3 total", "g": "1234", "p": [{"n": "1000.0"}, "1e3 total", {"n": "3.0"}], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "3"], "ns": ["1e3 total"]},
  {"r": ":", "g": "inf", "p": [" :", ": "], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [" :", ": "]},
  {"r": "the\u00e9,is 0a\n-0.53.1412,345twelve", "g": "inf", "p": ["0a"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["-0.53"], "ns": ["the\u00e9,is 0a\n-0.53.1412,345twelve"]},
  {"r": "1000 twelve twelve x 1e3 number of so . value 0", "g": "", "p": [{"n": "0.0"}, ". value 0"], "c": true, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["1e3", "1000", "3", "0"], "ns": ["1000 twelve twelve x 1e3 number of so . value 0"]},
  {"r": "total\n1000\n:\nequals\nanswer\nequals\n+\n\u00e9\n.", "g": "inf", "p": [{"n": "1000.0"}, "total\n1000\n:\nequals\nanswer\nequals\n+\n\u00e9"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1000"], "ns": ["total\n1000\n:\nequals\nanswer\nequals\n+\n\u00e9\n."]},
  {"r": "e is  12,34 have", "g": "b", "p": [{"n": "34.0"}, "12,34 have"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["34"], "ns": ["e is  12,34 have"]},
  {"r": "0equals+ehave\u00e9equals1e3number of", "g": "3.14", "p": [{"n": "1000.0"}, "0equals+ehave\u00e9equals1e3number of"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["1e3"], "ns": ["0equals+ehave\u00e9equals1e3number of"]},
  {"r": "value42", "g": "b", "p": [{"n": "42.0"}, "value42"], "c": false, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42"], "ns": ["value42"]},
  {"r": "is ,", "g": "1e3", "p": ["is ,"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["is ,"]},
  {"r": "?\nis\nhave\n5\n\u0661\u0662", "g": "1000", "p": [{"n": "12.0"}, "?\nis\nhave\n5\n\u0661\u0662", {"n": "5.0"}], "c": false, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["5", "\u0661\u0662"], "ns": ["?\nis\nhave\n5\n\u0661\u0662"]},
  {"r": "number of\u00e9.", "g": "-0.5", "p": ["number of\u00e9"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["number of\u00e9."]},
  {"r": "a so 1000", "g": "3.14", "p": [{"n": "1000.0"}], "c": false, "cg": "FFFFFFFFFFTFFFFFFFFTF", "xn": ["1000"], "ns": ["a so 1000"]},
  {"r": "e\nhas\n1000\n5\nanswer\nfive", "g": "3.14", "p": ["e\nhas\n1000\n5\nanswer\nfive", {"n": "1000.0"}, {"n": "5.0"}], "c": false, "cg": "FFFFFFFTTFTFFFFFFTFTF", "xn": ["1000", "5"], "ns": ["e\nhas\n1000\n5\nanswer\nfive"]},
  {"r": ": 0 has 5 1,234    42 12,34 answer", "g": "100000", "p": [{"n": "34.0"}, {"n": "5.0"}, {"n": "234.0"}, {"n": "42.0"}, {"n": "1234.0"}, "5 1,234    42 12,34 answer"], "c": false, "cg": "TFTTFTFTTFFFFFFFFTFFF", "xn": ["1,234", "0", "5", "234", "42", "34"], "ns": [": 0 has 5 1,234    42 12,34 answer"]},
  {"r": "-0.5 : 3.14 therefore x is", "g": "1e3", "p": ["x is"], "c": false, "cg": "FFFFFFTFFFFFFFFFFTFFF", "xn": ["-0.5", "3.14"], "ns": ["-0.5 : 3.14 therefore x is"]},
  {"r": "value5is+", "g": "inf", "p": ["value5is+"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["value5is+"]},
  {"r": "-\n.\nanswer", "g": "5", "p": ["-\n.\nanswer"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["-\n.\nanswer"]},
  {"r": "\u00e9\n.\n  \ntotal\n-0.5", "g": "12.5", "p": [{"n": "-0.5"}, "\u00e9\n.\n  \ntotal\n-0.5"], "c": false, "cg": "FFFFFFFFFTFFFFFFFTFFF", "xn": ["-0.5"], "ns": ["\u00e9\n.\n  \ntotal\n-0.5"]},
  {"r": "\u00e9\ntherefore\nhas\nParis\n1000\n1e3\n12,34\ntotal\n5\ntotal", "g": "1234", "p": [{"n": "34.0"}, {"n": "3.0"}, {"n": "5.0"}, {"n": "1000.0"}, "\u00e9\ntherefore\nhas\nparis\n1000\n1e3\n12,34\ntotal\n5\ntotal"], "c": false, "cg": "FFFFTFFTTFTFFFFFFTFTT", "xn": ["1e3", "1000", "3", "34", "5"], "ns": ["\u00e9\ntherefore\nhas\nparis\n1000\n1e3\n12,34\ntotal\n5\ntotal"]},
  {"r": "answere?3.14answer,.the", "g": "1234", "p": [{"n": "3.14"}, "answere?3.14answer,.the"], "c": false, "cg": "FTFFFFFFFFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["answere?3.14answer,.the"]},
  {"r": ": x is , . Paris x", "g": "paris", "p": [" x", "x "], "c": false, "cg": "FFFFFFTFFFFFFFFFFTFFF", "xn": [], "ns": [": x is , . paris x"]},
  {"r": "12,34", "g": "0", "p": [{"n": "1234.0"}, {"n": "34.0"}], "c": false, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["34"], "ns": [{"n": "1234.0"}]},
  {"r": ".-total  ", "g": "-0.5", "p": ["-total"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": [".-total"]},
  {"r": "\u00e9\u00e91,234fivenumber of", "g": "1000", "p": ["\u00e9\u00e91,234fivenumber of"], "c": false, "cg": "FFFFFFFFTFFFFFFFFTFFF", "xn": [], "ns": ["\u00e9\u00e91,234fivenumber of"]},
  {"r": "= 5 3.14 value", "g": "12.5", "p": ["5 3.14 value", {"n": "3.14"}, {"n": "5.0"}], "c": false, "cg": "FTFFFFFTTFFFFFFFFTFFF", "xn": ["5", "3.14"], "ns": ["= 5 3.14 value"]},
  {"r": "1e3 3.14 ? value x has", "g": "3.14", "p": [{"n": "1000.0"}, {"n": "3.14"}, "1e3 3.14 ? value x has", {"n": "3.0"}], "c": true, "cg": "FTFFFFTFFFTFFFFFFTFTT", "xn": ["1e3", "3", "3.14"], "ns": ["1e3 3.14 ? value x has"]},
  {"r": "?has3.141e3x1,234is \nis have", "g": "42", "p": ["have"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["3.141e3", "3"], "ns": ["?has3.141e3x1,234is \nis have"]},
  {"r": "is\n1000\n1,234\nvalue", "g": "1234", "p": [{"n": "1000.0"}, {"n": "1234.0"}, {"n": "234.0"}, "is\n1000\n1,234\nvalue"], "c": true, "cg": "FFTTFFFFFFTFFFFFFTFTF", "xn": ["1,234", "1000", "234"], "ns": ["is\n1000\n1,234\nvalue"]},
  {"r": "? twelve", "g": "100000", "p": ["? twelve"], "c": false, "cg": "FFFFFFFFFFFFTFFFFTFFF", "xn": [], "ns": ["? twelve"]},
  {"r": "1,234", "g": "inf", "p": [{"n": "1234.0"}, {"n": "234.0"}], "c": false, "cg": "FFTTFFFFFFFFFFFFFFFFF", "xn": ["1,234", "234"], "ns": [{"n": "1234.0"}]},
  {"r": ",3.14thethe:have1e3", "g": "12.5", "p": [{"n": "1000.0"}, {"n": "3.0"}, {"n": "3.14"}, ",3.14thethe:have1e3"], "c": false, "cg": "FTFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "3.14", "3"], "ns": [",3.14thethe:have1e3"]},
  {"r": "0\n=\nx\n5\n,\nParis\n=", "g": "inf", "p": [{"n": "0.0"}, "0\n=\nx\n5\n,\nparis\n=", {"n": "5.0"}], "c": false, "cg": "FFFFTFFTTFFTFFFFFTFFF", "xn": ["0", "5"], "ns": ["0\n=\nx\n5\n,\nparis\n="]},
  {"r": "\u00e9\n5\nequals\nnumber of\nfive", "g": "1000", "p": ["\u00e9\n5\nequals\nnumber of\nfive", {"n": "5.0"}], "c": false, "cg": "FFFFFFFTTFFFFFFFFTFFF", "xn": ["5"], "ns": ["\u00e9\n5\nequals\nnumber of\nfive"]},
  {"r": "= have 12,34 \n    has . total answer have 5", "g": "", "p": [{"n": "1234.0"}, {"n": "34.0"}, {"n": "5.0"}], "c": false, "cg": "FFTTFFFTTFFFFFFFFFFFF", "xn": ["34", "5"], "ns": ["= have 12,34 \n    has . total answer have 5"]},
  {"r": "therefore total x 42 total 0 number of", "g": "42", "p": [{"n": "0.0"}, "0 number of"], "c": false, "cg": "FFFFFFFFFFFTFFFFFTFFF", "xn": ["42", "0"], "ns": ["therefore total x 42 total 0 number of"]},
  {"r": "is\nParis\nhave", "g": "b", "p": ["is\nparis\nhave"], "c": false, "cg": "FFFFTFFFFFFFFFFFFTFFF", "xn": [], "ns": ["is\nparis\nhave"]},
  {"r": "+ therefore , the x x five have ? -0.5 42", "g": "x", "p": [{"n": "-0.5"}, "? -0.5 42", {"n": "42.0"}], "c": false, "cg": "TFFFFFFFFTFFFFFFFTFFF", "xn": ["-0.5", "42"], "ns": ["+ therefore , the x x five have ? -0.5 42"]},
  {"r": "-?equalse", "g": "1234", "p": ["-?equalse"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["-?equalse"]},
  {"r": "0 , value x is  has is \u0661\u0662 -0.5 1000 a", "g": "5", "p": ["\u0661\u0662 -0.5 1000 a", {"n": "-0.5"}, {"n": "12.0"}, {"n": "1000.0"}], "c": false, "cg": "FFFFFTFFFTTFFFFFFTFTF", "xn": ["0", "\u0661\u0662", "-0.5", "1000"], "ns": ["0 , value x is  has is \u0661\u0662 -0.5 1000 a"]},
  {"r": "five\nanswer\n1000", "g": "3.14", "p": [{"n": "1000.0"}, "five\nanswer\n1000"], "c": false, "cg": "FFFFFFFFTFTFFFFFFTFTF", "xn": ["1000"], "ns": ["five\nanswer\n1000"]},
  {"r": "so", "g": "paris", "p": ["so"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["so"]},
  {"r": "\u0661\u0662 the 1000 the e", "g": "0", "p": [{"n": "1000.0"}, {"n": "12.0"}, "\u0661\u0662 the 1000 the e"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["\u0661\u0662", "1000"], "ns": ["\u0661\u0662 the 1000 the e"]},
  {"r": "answer\n\u0661\u0662\n?\n,\nhave\n1e3\nhas\nhave\n\n", "g": "0", "p": [{"n": "1000.0"}, "answer\n\u0661\u0662\n?\n,\nhave\n1e3\nhas\nhave", {"n": "3.0"}, {"n": "12.0"}], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTT", "xn": ["1e3", "\u0661\u0662", "3"], "ns": ["answer\n\u0661\u0662\n?\n,\nhave\n1e3\nhas\nhave"]},
  {"r": "42 \u0661\u0662", "g": "100000", "p": [{"n": "42.0"}, {"n": "12.0"}, "42 \u0661\u0662"], "c": false, "cg": "TFFFFFFFFFFFFFFFFTFFF", "xn": ["42", "\u0661\u0662"], "ns": ["42 \u0661\u0662"]},
  {"r": "xthethetotalhave-0.5", "g": "paris", "p": [{"n": "-0.5"}, "xthethetotalhave-0.5"], "c": false, "cg": "FFFFFFFFFTFFFFFFFTFFF", "xn": ["-0.5"], "ns": ["xthethetotalhave-0.5"]},
  {"r": "soahas3.14equalsthereforefivethea", "g": "5", "p": ["soahas3.14equalsthereforefivethea", {"n": "3.14"}], "c": false, "cg": "FTFFFFFFTFFFFFFFFTFFF", "xn": ["3.14"], "ns": ["soahas3.14equalsthereforefivethea"]},
  {"r": "-0.5 42 1e3 therefore    the is  . 1000 a answer \n", "g": ["5", "five"], "p": [{"n": "1000.0"}, ". 1000 a answer"], "c": false, "cg": "FFFFFTFFFFTFFFFFFTFTF", "xn": ["1e3", "-0.5", "42", "3", "1000"], "ns": ["-0.5 42 1e3 therefore    the is  . 1000 a answer"]},
  {"r": "-0.5 1,234 five", "g": "b", "p": [{"n": "-0.5"}, {"n": "1234.0"}, {"n": "234.0"}, "-0.5 1,234 five"], "c": false, "cg": "FFTTFFFFTTFFFFFFFTFFF", "xn": ["1,234", "-0.5", "234"], "ns": ["-0.5 1,234 five"]},
  {"r": "x \u0661\u0662 value total e \u0661\u0662", "g": "", "p": [{"n": "12.0"}, "e \u0661\u0662"], "c": true, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": ["\u0661\u0662", "\u0661\u0662"], "ns": ["x \u0661\u0662 value total e \u0661\u0662"]},
  {"r": ". \n \u00e9 = \u00e9 so \u0661\u0662 therefore 1000 1000 total", "g": "3", "p": [{"n": "1000.0"}, "1000 1000 total"], "c": false, "cg": "FFFFFFFFFFTFFFFFFTFTF", "xn": ["\u0661\u0662", "1000", "1000"], "ns": [". \n \u00e9 = \u00e9 so \u0661\u0662 therefore 1000 1000 total"]},
  {"r": "1,234\nthe\ntherefore", "g": "b", "p": ["1,234\nthe\ntherefore", {"n": "1234.0"}, {"n": "234.0"}], "c": false, "cg": "FFTTFFFFFFFFFFFFFTFFF", "xn": ["1,234", "234"], "ns": ["1,234\nthe\ntherefore"]},
  {"r": "answer\na\nnumber of", "g": "3", "p": ["answer\na\nnumber of"], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["answer\na\nnumber of"]},
  {"r": "istotal=", "g": "100000", "p": ["istotal="], "c": false, "cg": "FFFFFFFFFFFFFFFFFTFFF", "xn": [], "ns": ["istotal="]},
  {"r": "five\n:", "g": "3.14", "p": ["five\n:"], "c": false, "cg": "FFFFFFFFTFFFFFFFFTFFF", "xn": [], "ns": ["five\n:"]},
];

test('differential: multiple choice matches lmms-eval on every row', () => {
  assert.ok(MC.length >= 120);
  for (const [i, row] of MC.entries()) {
    const msg = `MC row ${i} ${JSON.stringify(row.r)}`;
    const parsed = parseMultiChoice(row.r, row.o);
    assert.equal(parsed.pred, row.p, msg);
    const s = scoreVideoMMMU('multiple-choice', row.r, row.o, row.g);
    assert.equal(s.parsed, row.p, msg);
    assert.equal(s.unparsed, row.ref === 'No Answer Found.' || row.ref === 'API Error', msg);
    // Where the reference scores the item, same verdict; where it drops it ("API Error"), ours is wrong.
    assert.equal(s.correct, row.c ?? false, msg);
    assert.equal(isCorrectMultiChoice(row.g, parsed.pred), row.c ?? false, msg);
  }
});

test('differential: open questions match lmms-eval on every row', () => {
  assert.ok(OPEN.length >= 120);
  for (const [i, row] of OPEN.entries()) {
    const msg = `open row ${i} ${JSON.stringify(row.r)}`;
    assert.deepEqual(extractNumbers(row.r), row.xn, `${msg} extract_numbers`);
    const ns = normalizeAnswer(row.r);
    assertSameMultiset(ns, row.ns.map(py), `${msg} normalize_str`);
    assert.deepEqual(ns.map((x) => typeof x), row.ns.map((x) => typeof py(x)), `${msg} normalize_str order`);
    const { preds } = parseOpen(row.r);
    if (row.p === null) {
      assert.equal(preds, null, msg);
    } else {
      assert.ok(preds !== null, msg);
      assertSameMultiset(preds, row.p.map(py), msg);
    }
    const s = scoreVideoMMMU('open', row.r, [], row.g);
    assert.equal(s.unparsed, row.p === null, msg);
    assert.equal(s.correct, row.c ?? false, msg);
    const verdicts = GOLDS.map((g) => (isCorrectOpen(g, preds) ? 'T' : 'F')).join('');
    assert.equal(verdicts, row.cg ?? 'F'.repeat(GOLDS.length), `${msg} verdicts vs GOLDS`);
  }
});

test('product decision: empty / "API Error" responses are kept, wrong and unparsed', () => {
  for (const r of ['', 'API Error']) {
    assert.deepEqual(scoreVideoMMMU('multiple-choice', r, ['x', 'y'], 'A'), { parsed: null, correct: false, unparsed: true });
    // Even a gold the reference's character iteration of "API Error" would "match" ("" is in every string).
    assert.deepEqual(scoreVideoMMMU('open', r, [], ''), { parsed: null, correct: false, unparsed: true });
  }
  assert.equal(isCorrectOpen('a', null), false);
  assert.equal(isCorrectMultiChoice('A', null), false);
});

test('product decision: "No Answer Found." is wrong and unparsed; whitespace-only open is parsed as [""]', () => {
  assert.deepEqual(scoreVideoMMMU('multiple-choice', 'no idea', ['cat', 'dog'], 'A'), { parsed: null, correct: false, unparsed: true });
  assert.deepEqual(scoreVideoMMMU('multiple-choice', '   ', ['cat', 'dog'], 'A'), { parsed: null, correct: false, unparsed: true });
  assert.deepEqual(scoreVideoMMMU('open', '   ', [], '42'), { parsed: [''], correct: false, unparsed: false });
});

test('reference quirks kept (expected values checked by running the Python)', () => {
  // "DNA." contains "A." -> a period candidate for A, and the only one.
  assert.equal(parseMultiChoice('The answer is DNA.', ['RNA', 'DNA']).pred, 'A');
  assert.equal(parseMultiChoice('It is DNA. So B. Done', ['RNA', 'DNA']).pred, 'B');
  // Trailing punctuation is stripped first, so "B." at the very end is no longer a period form.
  assert.equal(parseMultiChoice('(A) or B.', ['p', 'q']).pred, 'A');
  assert.equal(parseMultiChoice('(A) or B. Yes', ['p', 'q']).pred, 'B');
  // np.argmax: on a tie (same rfind position) the first candidate wins.
  assert.equal(parseMultiChoice('i am quite sure it is the dog house', ['dog', 'dog house']).pred, 'A');
  assert.equal(parseMultiChoice('i am quite sure it is the dog house', ['dog house', 'dog']).pred, 'A');
  assert.equal(parseMultiChoice('i am quite sure it is the dog house or dog', ['dog house', 'dog']).pred, 'B');
  // Option text matching needs more than 5 whitespace-separated tokens.
  assert.equal(parseMultiChoice('it is the dog', ['cat', 'dog']).pred, null);
  assert.equal(parseMultiChoice('i am sure it is the dog', ['cat', 'dog']).pred, 'B');
  // Strings never equal floats; NaN never equals; -0 equals 0; one-char golds are padded.
  assert.equal(isCorrectOpen('5', ['5']), false);
  assert.equal(isCorrectOpen('5', [5]), true);
  assert.equal(isCorrectOpen('nan', [NaN]), false);
  assert.equal(isCorrectOpen('0', [-0]), true);
  assert.equal(isCorrectOpen('a', ['banana']), false);
  assert.equal(isCorrectOpen('a', ['a b']), true);
  assert.deepEqual(normalizeAnswer(' 2.675 '), [2.67]);
  assert.deepEqual(normalizeAnswer('1,234'), [1234]);
  assert.deepEqual(normalizeAnswer('X'), [' x', 'x ']);
  assert.deepEqual(extractNumbers('-1,234 and 1e3 and 7'), ['-1,234', '1e3', '234', '3', '7']);
});
