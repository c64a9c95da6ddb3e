/**
 * The Porter stemmer exactly as NLTK's `PorterStemmer()` runs it (nltk/stem/porter.py, default
 * mode NLTK_EXTENSIONS, which is what rouge_score's DefaultTokenizer(use_stemmer=True) builds).
 * NLTK_EXTENSIONS differs from the 1980 paper: an irregular-forms table, 'ies'/'ied' kept as
 * 'ie' in 4-letter words, a 2-letter *o condition, y -> i only after a consonant, 'alli' handled
 * first, 'bli' -> 'ble' instead of 'abli' -> 'able', and extra 'fulli' / 'logi' rules.
 *
 * Each step applies the FIRST rule whose suffix matches; if that rule's condition fails, the word
 * is left alone (later rules are not tried) — NLTK's `_apply_rule_list`.
 *
 * Scope: exact for BMP text (rouge only passes tokens of [a-z0-9]). Python indexes code points,
 * so strings with astral characters could differ. NLTK's recursive consonant test also raises
 * RecursionError on ~1000 consecutive 'y's (depending on the caller's stack depth); that is not
 * reproducible and not mirrored.
 */

type Rule = readonly [suffix: string, replacement: string, condition: (stem: string) => boolean];

/** NLTK's irregular forms, looked up on the word as given (before lower-casing). */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

function isVowelLetter(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
}

/** The paper's consonant: not a vowel letter, and 'y' only at the start or after a vowel. */
function consonantAt(w: string, i: number): boolean {
  let flips = 0;
  while (i > 0 && w[i] === 'y') {
    i--;
    flips++;
  }
  const base = w[i] === 'y' || !isVowelLetter(w[i]);
  return flips % 2 === 0 ? base : !base;
}

/** m in [C](VC){m}[V]: the number of vowel -> consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let prevConsonant = true;
  for (let i = 0; i < stem.length; i++) {
    const c = stem[i];
    const consonant: boolean = isVowelLetter(c) ? false : c === 'y' ? i === 0 || !prevConsonant : true;
    if (consonant && !prevConsonant) m++;
    prevConsonant = consonant;
  }
  return m;
}

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!consonantAt(stem, i)) return true;
  return false;
}

/** *d: ends with a double consonant. */
function endsDoubleConsonant(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && consonantAt(w, n - 1);
}

/** *o: ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a 2-letter vowel-consonant word. */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n === 2) return !consonantAt(w, 0) && consonantAt(w, 1);
  const last = w[n - 1];
  return (
    n >= 3 &&
    consonantAt(w, n - 3) &&
    !consonantAt(w, n - 2) &&
    consonantAt(w, n - 1) &&
    last !== 'w' &&
    last !== 'x' &&
    last !== 'y'
  );
}

function applyFirstMatching(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const always = (): boolean => true;
const mPositive = (stem: string): boolean => measure(stem) > 0;
const mAboveOne = (stem: string): boolean => measure(stem) > 1;

const STEP1A: readonly Rule[] = [
  ['sses', 'ss', always],
  ['ies', 'i', always],
  ['ss', 'ss', always],
  ['s', '', always],
];

function step1a(w: string): string {
  // NLTK: 'dies' -> 'die' (but 'flies' -> 'fli').
  if (w.length === 4 && w.endsWith('ies')) return `${w.slice(0, -3)}ie`;
  return applyFirstMatching(w, STEP1A);
}

function step1b(w: string): string {
  // NLTK: 'died' -> 'die', 'spied' -> 'spi', before any other 1b rule.
  if (w.endsWith('ied')) return w.slice(0, -3) + (w.length === 4 ? 'ie' : 'i');
  if (w.endsWith('eed')) {
    const stem = w.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : w;
  }
  const stem = w.endsWith('ed') ? w.slice(0, -2) : w.endsWith('ing') ? w.slice(0, -3) : null;
  if (stem === null || !containsVowel(stem)) return w;
  return step1bTidy(stem);
}

/** After -ed/-ing removal: at/bl/iz -> +e, undouble (except l, s, z), or m=1 and *o -> +e. */
function step1bTidy(stem: string): string {
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsDoubleConsonant(stem)) {
    const last = stem[stem.length - 1];
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  return measure(stem) === 1 && endsCvc(stem) ? `${stem}e` : stem;
}

function step1c(w: string): string {
  // NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'enjoy', 'by' kept).
  if (!w.endsWith('y')) return w;
  const stem = w.slice(0, -1);
  return stem.length > 1 && consonantAt(stem, stem.length - 1) ? `${stem}i` : w;
}

const STEP2: readonly Rule[] = [
  ['ational', 'ate', mPositive],
  ['tional', 'tion', mPositive],
  ['enci', 'ence', mPositive],
  ['anci', 'ance', mPositive],
  ['izer', 'ize', mPositive],
  ['bli', 'ble', mPositive],
  ['alli', 'al', mPositive],
  ['entli', 'ent', mPositive],
  ['eli', 'e', mPositive],
  ['ousli', 'ous', mPositive],
  ['ization', 'ize', mPositive],
  ['ation', 'ate', mPositive],
  ['ator', 'ate', mPositive],
  ['alism', 'al', mPositive],
  ['iveness', 'ive', mPositive],
  ['fulness', 'ful', mPositive],
  ['ousness', 'ous', mPositive],
  ['aliti', 'al', mPositive],
  ['iviti', 'ive', mPositive],
  ['biliti', 'ble', mPositive],
  ['fulli', 'ful', mPositive],
  // NLTK keeps the 'l' with the stem for the measure, so 'geologi' -> 'geolog'.
  ['logi', 'log', (stem) => measure(`${stem}l`) > 0],
];

function step2(w: string): string {
  // NLTK: 'alli' -> 'al' is tried first and the result goes through step 2 again.
  if (w.endsWith('alli') && measure(w.slice(0, -4)) > 0) return step2(`${w.slice(0, -4)}al`);
  return applyFirstMatching(w, STEP2);
}

const STEP3: readonly Rule[] = [
  ['icate', 'ic', mPositive],
  ['ative', '', mPositive],
  ['alize', 'al', mPositive],
  ['iciti', 'ic', mPositive],
  ['ical', 'ic', mPositive],
  ['ful', '', mPositive],
  ['ness', '', mPositive],
];

const STEP4: readonly Rule[] = [
  ['al', '', mAboveOne],
  ['ance', '', mAboveOne],
  ['ence', '', mAboveOne],
  ['er', '', mAboveOne],
  ['ic', '', mAboveOne],
  ['able', '', mAboveOne],
  ['ible', '', mAboveOne],
  ['ant', '', mAboveOne],
  ['ement', '', mAboveOne],
  ['ment', '', mAboveOne],
  ['ent', '', mAboveOne],
  ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
  ['ou', '', mAboveOne],
  ['ism', '', mAboveOne],
  ['ate', '', mAboveOne],
  ['iti', '', mAboveOne],
  ['ous', '', mAboveOne],
  ['ive', '', mAboveOne],
  ['ize', '', mAboveOne],
];

function step5a(w: string): string {
  // Both 5a rules share the suffix 'e', so unlike elsewhere the second is tried when the first fails.
  if (!w.endsWith('e')) return w;
  const stem = w.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : w;
}

function step5b(w: string): string {
  return w.endsWith('ll') && measure(w.slice(0, -1)) > 1 ? w.slice(0, -1) : w;
}

/** `nltk.stem.porter.PorterStemmer().stem(word)` (lower-cases, like NLTK's default). */
export function porterStem(word: string): string {
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return irregular;
  const lower = word.toLowerCase();
  if (word.length <= 2) return lower;
  let w = step1a(lower);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = applyFirstMatching(w, STEP3);
  w = applyFirstMatching(w, STEP4);
  w = step5a(w);
  return step5b(w);
}
