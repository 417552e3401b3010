// Deterministic mutations of real templates: the same seed gives the same inputs on every machine, so a failure found
// in CI can be replayed locally with BILDER_FUZZ_SEED and the mutant index.

/** mulberry32: tiny, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly random: () => number) {}
  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

/** Characters that matter to HCL's scanner and parser, so insertions hit the interesting paths more often. */
const SIGNIFICANT = '{}[]()"=$%~<>#/*,.:?!\\\n\t -+&|`\'';
/** Astral, combining, BOM, line/paragraph separators, RTL, NEL, lone surrogates, CJK, emoji with ZWJ. */
const UNICODE = ['\u{1F600}', '\u0301', '\uFEFF', '\u2028', '\u2029', '\u202E', '\u0085', '\uD800', '\uDC00', '漢字', '👩‍💻', '\u00A0', 'ǅ', 'ß'];
export const NESTING = [
  ['[', ']'],
  ['{', '}'],
  ['(', ')'],
  ['x = {', '}'],
  ['"${', '}"'],
  ['%{ if true }', '%{ endif }'],
] as const;

export interface Mutation {
  name: string;
  apply(text: string, dice: Dice, donor: string): string;
}

const at = (text: string, dice: Dice) => dice.int(text.length + 1);
const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);

function lines(text: string): string[] {
  return text.split('\n');
}

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'delete-chars',
    apply: (text, dice) => {
      const start = at(text, dice);
      return splice(text, start, Math.min(text.length, start + 1 + dice.int(8)), '');
    },
  },
  {
    name: 'insert-chars',
    apply: (text, dice) => {
      const inserted = Array.from({ length: 1 + dice.int(4) }, () => SIGNIFICANT[dice.int(SIGNIFICANT.length)]).join('');
      const start = at(text, dice);
      return splice(text, start, start, inserted);
    },
  },
  {
    name: 'duplicate-chars',
    apply: (text, dice) => {
      const start = at(text, dice);
      const span = text.slice(start, start + 1 + dice.int(40));
      return splice(text, start, start, span);
    },
  },
  {
    name: 'delete-lines',
    apply: (text, dice) => {
      const all = lines(text);
      const start = dice.int(all.length);
      all.splice(start, 1 + dice.int(3));
      return all.join('\n');
    },
  },
  {
    name: 'insert-donor-lines',
    apply: (text, dice, donor) => {
      const all = lines(text);
      const from = lines(donor);
      const start = dice.int(from.length);
      all.splice(dice.int(all.length + 1), 0, ...from.slice(start, start + 1 + dice.int(5)));
      return all.join('\n');
    },
  },
  {
    name: 'duplicate-lines',
    apply: (text, dice) => {
      const all = lines(text);
      const start = dice.int(all.length);
      all.splice(start, 0, ...all.slice(start, start + 1 + dice.int(6)));
      return all.join('\n');
    },
  },
  { name: 'truncate', apply: (text, dice) => text.slice(0, at(text, dice)) },
  {
    name: 'unicode',
    apply: (text, dice) => {
      const start = at(text, dice);
      return splice(text, start, start, dice.pick(UNICODE));
    },
  },
  {
    name: 'nul',
    apply: (text, dice) => {
      const start = at(text, dice);
      return splice(text, start, start, '\0');
    },
  },
  {
    name: 'long-line',
    apply: (text, dice) => {
      const start = at(text, dice);
      // 5,000 characters, no bare blank runs: tree-sitter's error recovery is super-linear on a long run of tokens
      // or blanks after a name (8,000 blanks ≈ 3 s, 20,000 characters of `"x" ` ≈ 2 s), which would fail every run;
      // knownIssues.test.ts tracks those inputs on their own.
      const unit = dice.pick(['a', '"x" ', 'é', '${a}', '# ', 'x = 1 ']);
      return splice(text, start, start, unit.repeat(Math.ceil(5_000 / unit.length)));
    },
  },
  {
    name: 'deep-nesting',
    apply: (text, dice) => {
      const [open, close] = dice.pick(NESTING);
      // Up to 2,000 here, where every answer must come within the deadline; deepNesting.test.ts sends 10,000 levels of
      // each kind to prove nothing overflows.
      const depth = dice.pick([50, 500, 2000]);
      const body = `nested = ${open.repeat(depth)}1${dice.chance(0.5) ? close.repeat(depth) : ''}\n`;
      const start = at(text, dice);
      return splice(text, start, start, body);
    },
  },
  {
    name: 'line-endings',
    apply: (text, dice) => {
      const ending = dice.pick(['\r\n', '\r', '\n\r']);
      return text.replace(/\n/g, (newline) => (dice.chance(0.5) ? ending : newline));
    },
  },
];

export interface Mutant {
  index: number;
  file: string;
  applied: string[];
  text: string;
}

/** Applies one to three mutations to a corpus file; which, where and how is decided by `dice` alone. */
export function mutate(index: number, files: readonly { file: string; text: string }[], dice: Dice): Mutant {
  const base = dice.pick(files);
  const donor = dice.pick(files).text;
  let text = base.text;
  const applied: string[] = [];
  for (let n = 1 + dice.int(3); n > 0; n--) {
    const mutation = dice.pick(MUTATIONS);
    text = mutation.apply(text, dice, donor);
    applied.push(mutation.name);
  }
  return { index, file: base.file, applied, text };
}

/** The one replacement that turns `before` into `after` (common prefix and suffix kept), for an incremental didChange. */
export function singleEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) };
}
