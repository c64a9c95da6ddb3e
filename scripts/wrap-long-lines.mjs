#!/usr/bin/env node
// Splits the string and template literals that run past 120 columns into `a` + `b` (the value is
// unchanged) and rewraps long comment lines; biome's formatter breaks code but never a literal.
// Run it, then `npx biome format --write`, and repeat until it reports nothing left to split:
//   node scripts/wrap-long-lines.mjs src test bench      (folders or .ts files)
// Lines it cannot split (long code without a literal) are listed for a hand edit.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const MAX = 120;
const width = (s) => [...s].length;

function files(dir) {
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Literals that may be split: not a type, a module name, a property name or a tagged template. */
function literals(sf) {
  const out = [];
  const visit = (n) => {
    const k = n.kind;
    if (k === ts.SyntaxKind.StringLiteral || k === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      if (splittable(n)) out.push(n);
      return;
    }
    // Biome leaves the code inside `${…}` as it is, so a literal nested there is not split.
    if (k === ts.SyntaxKind.TemplateExpression) {
      if (splittable(n)) out.push(n);
      return;
    }
    if (k === ts.SyntaxKind.TaggedTemplateExpression || k === ts.SyntaxKind.LiteralType) return;
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function splittable(n) {
  const p = n.parent;
  if (!p) return false;
  if ('name' in p && p.name === n) return false;
  if (ts.isExpressionStatement(p)) return false;
  if (ts.isCaseClause(p) || ts.isEnumMember(p) || ts.isExternalModuleReference(p)) return false;
  if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'require') return false;
  return true;
}

/** Whether `a + b` in place of the literal needs parentheses to keep its meaning. */
function needsParens(n) {
  const p = n.parent;
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) return p.expression === n;
  if (ts.isArrayLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) return false;
  if (ts.isReturnStatement(p) || ts.isThrowStatement(p) || ts.isParenthesizedExpression(p)) return false;
  if (ts.isTemplateSpan(p) || ts.isArrowFunction(p) || ts.isElementAccessExpression(p)) return p.expression === n;
  if (ts.isConditionalExpression(p) || ts.isSpreadElement(p) || ts.isParameter(p)) return false;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    const tight = [
      ts.SyntaxKind.AsteriskToken,
      ts.SyntaxKind.SlashToken,
      ts.SyntaxKind.PercentToken,
      ts.SyntaxKind.AsteriskAsteriskToken,
      ts.SyntaxKind.MinusToken,
    ];
    return tight.includes(op);
  }
  return true;
}

/** Source offsets inside the literal where `Q + Q` may be inserted: in literal text, not in an escape. */
function splitPoints(n, text) {
  const parts = [];
  if (ts.isTemplateExpression(n)) {
    parts.push([n.head.getStart() + 1, n.head.end - 2, false, true]);
    for (const s of n.templateSpans) {
      const lit = s.literal;
      const tail = lit.kind === ts.SyntaxKind.TemplateTail;
      parts.push([lit.getStart() + 1, lit.end - (tail ? 1 : 2), true, !tail]);
    }
  } else parts.push([n.getStart() + 1, n.end - 1, false, false]);
  const points = [];
  for (const [a, b, atA, atB] of parts) {
    let i = a;
    while (i <= b) {
      if ((i > a || atA) && (i < b || atB)) points.push(i);
      if (i === b) break;
      if (text[i] === '\\') {
        const c = text[i + 1];
        if (c === 'u' && text[i + 2] === '{') i = text.indexOf('}', i) + 1;
        else if (c === 'u') i += 6;
        else if (c === 'x') i += 4;
        else if (c === '\r' && text[i + 2] === '\n') i += 3;
        else i += 2;
      } else {
        const code = text.charCodeAt(i);
        i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      }
    }
  }
  return points;
}

const quoteOf = (n, text) => text[n.getStart()];

function wrapComments(lines, inLiteral) {
  const out = [];
  const wrap = (words, first, rest) => {
    const res = [];
    let cur = first;
    let empty = true;
    for (const w of words) {
      if (!empty && width(cur) + 1 + width(w) > MAX) {
        res.push(cur);
        cur = rest;
        empty = true;
      }
      cur += empty ? w : ` ${w}`;
      empty = false;
    }
    res.push(cur);
    return res;
  };
  lines.forEach((line, i) => {
    if (width(line) <= MAX || inLiteral(i)) return out.push(line);
    let m = /^(\s*)\/\/ (.*)$/.exec(line);
    if (m) return out.push(...wrap(m[2].split(' '), `${m[1]}// `, `${m[1]}// `));
    m = /^(\s*)\/\*\* (.*) \*\/$/.exec(line);
    if (m) return out.push(`${m[1]}/**`, ...wrap(m[2].split(' '), `${m[1]} * `, `${m[1]} * `), `${m[1]} */`);
    m = /^(\s*) \* (.*)$/.exec(line);
    if (m && !m[2].endsWith('*/')) return out.push(...wrap(m[2].split(' '), `${m[1]} * `, `${m[1]} * `));
    m = /^(\s*)\/\*\* (.*)$/.exec(line);
    if (m && !m[2].includes('*/')) return out.push(...wrap(m[2].split(' '), `${m[1]}/** `, `${m[1]} * `));
    out.push(line);
  });
  return out;
}

function process1(file) {
  let text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lits = literals(sf);
  const lineStarts = sf.getLineStarts();
  const lines = text.split('\n');
  const long = lines.map((l, i) => [l, i]).filter(([l]) => width(l) > MAX);
  if (long.length === 0) return { changed: false, left: [] };
  const inserts = [];
  const parens = new Set();
  const left = [];
  for (const [line, i] of long) {
    const start = lineStarts[i];
    const end = start + line.length;
    const indent = line.length - line.trimStart().length;
    let best = null;
    for (const n of lits) {
      // Only a literal that reaches near the limit: splitting it moves the rest to a new line.
      if (n.getStart() >= end || width(text.slice(start, Math.min(n.end, end))) <= MAX - 30) continue;
      const q = quoteOf(n, text);
      for (const p of splitPoints(n, text)) {
        if (p <= start || p >= end) continue;
        const col = width(text.slice(start, p));
        if (col > MAX - 4 || col < Math.max(indent + 24, 30)) continue;
        const before = text[p - 1];
        const after = text[p];
        let score = col;
        const boundary = ' ;,>}'.includes(before) || after === '<' || (after === '$' && text[p + 1] === '{');
        const rest = width(text.slice(p, Math.min(n.end, end)));
        if (after === ' ' || rest < 16) score -= 1000;
        // Mid-word only in a literal without a space (a long run of one character, a hash).
        if (!boundary && (/\s/.test(text.slice(n.getStart(), n.end)) || n.end - n.getStart() < 60)) continue;
        if (!best || score > best.score) best = { score, p, n, q };
      }
    }
    if (!best) {
      left.push(i);
      continue;
    }
    inserts.push({ at: best.p, s: `${best.q} + ${best.q}` });
    if (needsParens(best.n)) parens.add(best.n);
  }
  for (const n of parens) {
    inserts.push({ at: n.getStart(), s: '(' });
    inserts.push({ at: n.end, s: ')' });
  }
  inserts.sort((a, b) => b.at - a.at);
  for (const { at, s } of inserts) text = text.slice(0, at) + s + text.slice(at);
  // Comments: only lines not inside a literal.
  const sf2 = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ranges = literals(sf2).map((n) => [n.getStart(), n.end]);
  const starts2 = sf2.getLineStarts();
  const inLiteral = (i) => ranges.some(([a, b]) => starts2[i] > a && starts2[i] < b);
  const wrapped = wrapComments(text.split('\n'), inLiteral).join('\n');
  const changed = wrapped !== readFileSync(file, 'utf8');
  if (changed) writeFileSync(file, wrapped);
  const stillLong = wrapped
    .split('\n')
    .map((l, i) => [l, i])
    .filter(([l]) => width(l) > MAX)
    .map(([, i]) => i);
  return { changed, left: left.filter((i) => stillLong.includes(i)) };
}

const dirs = process.argv.slice(2);
let changedFiles = 0;
for (const d of dirs.length ? dirs : ['src', 'test', 'bench']) {
  for (const f of files(d)) {
    const { changed, left } = process1(f);
    if (changed) changedFiles++;
    for (const i of left) console.log(`${f}:${i + 1}: over ${MAX} columns and no literal to split`);
  }
}
console.log(`${changedFiles} file(s) changed`);
