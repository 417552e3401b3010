// The incremental syntax check must give exactly what a fresh whole-file check gives, after every edit of a sequence:
// typing and deleting characters and lines, breaking the text (quotes, braces, heredoc markers, template sequences)
// and repairing it again, duplicating top-level arguments across items, switching the HCL version.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSyntax, forgetCheckedDocuments } from '../../../../server/src/hcl/syntax/incremental';
import type { SyntaxCheckOptions } from '../../../../server/src/hcl/syntax/incremental';
import { parseHcl } from '../../../../server/src/hcl/syntax/parser';
import { scanTokens } from '../../../../server/src/hcl/syntax/scanner';
import { syntaxDiagnostics } from '../../../../server/src/hcl/syntax';
import { CORPUS_DIR, PROBES_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles } from '../../../helpers/shared';
import { check } from './helpers';

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** What a typist adds: plain text, and everything that opens, closes or breaks a construct. */
const INSERTIONS = [
  'x', 'a', ' ', '1', '\n', '\r\n', '\r', '"', '"', '{', '}', '[', ']', '(', ')', ',', '=', '.', ':', '::', '?', '!', '&', '*', '**',
  '${', '%{', '}', '~}', '$${', '\\', '\\q', '#', '//', '/*', '*/', '<<EOT\n', '\nEOT\n', '<<-X\n', '  X\n', "'", '`', ';', 'é',
  '\u00a0', '\ufeff', 'if', 'for x in y : x', '%{ endif }', 'name = "value"\n', 'region = 1\n', 'locals {\n', '}\n', 'block "a" {\n',
  '\n\n',
];

interface Typist {
  edit(text: string): string;
}

function typist(next: (below: number) => number): Typist {
  let cursor = 0;
  const history: string[] = [];
  return {
    edit(text) {
      history.push(text);
      if (history.length > 12) history.shift();
      if (next(4) === 0 || cursor > text.length) cursor = next(text.length + 1);
      const choice = next(20);
      if (choice < 9) {
        const insertion = INSERTIONS[next(INSERTIONS.length)];
        const result = text.slice(0, cursor) + insertion + text.slice(cursor);
        cursor += insertion.length;
        return result;
      }
      if (choice < 13) {
        const width = 1 + next(3);
        const start = Math.max(0, cursor - width);
        cursor = start;
        return text.slice(0, start) + text.slice(start + width);
      }
      const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
      const newline = text.indexOf('\n', cursor);
      const lineEnd = newline === -1 ? text.length : newline + 1;
      if (choice < 15) return text.slice(0, lineStart) + text.slice(lineEnd);
      if (choice < 17) return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
      // Undo back to an earlier version: repairs whatever the last edits broke.
      return history.length > 1 ? history[next(history.length)] : text;
    },
  };
}

function optionsFor(key: string, namespacedFunctions: boolean): SyntaxCheckOptions {
  return { namespacedFunctions, describeRange: (start, end) => `${key}:${start}-${end}` };
}

/** Edits `text` `count` times; after each, the incremental check must equal a fresh whole-file check. */
function assertEquivalentUnderEdits(key: string, text: string, seed: number, count: number): void {
  const next = random(seed);
  const hands = typist(next);
  let namespacedFunctions = true;
  for (let i = 0; i <= count; i++) {
    if (next(40) === 0) namespacedFunctions = !namespacedFunctions;
    const options = optionsFor(key, namespacedFunctions);
    const incremental = checkSyntax(key, text, options);
    const fresh = parseHcl(text, options).diagnostics;
    assert.deepEqual(incremental, fresh, `${key}, seed ${seed}, edit ${i}: ${JSON.stringify(text)}`);
    text = hands.edit(text);
  }
}

function probeFiles(): string[] {
  return SKIP_WITHOUT_SHARED ? [] : readdirSync(PROBES_DIR).filter((name) => name.endsWith('.pkr.hcl')).sort();
}

describe('incremental syntax check', () => {
  it('equals the whole-file check after every random edit of every probe', { skip: SKIP_WITHOUT_SHARED }, () => {
    const files = probeFiles();
    assert.ok(files.length > 100);
    files.forEach((file, index) => {
      assertEquivalentUnderEdits(`file:///probes/${file}`, readFileSync(path.join(PROBES_DIR, file), 'utf8'), 1000 + index, 40);
    });
  });

  it('equals the whole-file check after every random edit of the corpus templates', { skip: SKIP_WITHOUT_SHARED }, () => {
    const files = syntaxValidCorpusFiles();
    assert.ok(files.length >= 490);
    files.forEach((file, index) => {
      assertEquivalentUnderEdits(`file:///corpus/${file}`, readFileSync(path.join(CORPUS_DIR, file), 'utf8'), index, 12);
    });
  });

  it('equals the whole-file check on a long typing session in the largest template', { skip: SKIP_WITHOUT_SHARED }, () => {
    const files = syntaxValidCorpusFiles().filter((file) => file.endsWith('.pkr.hcl'));
    const largest = files
      .map((file) => readFileSync(path.join(CORPUS_DIR, file), 'utf8'))
      .reduce((a, b) => (b.length > a.length ? b : a));
    assertEquivalentUnderEdits('file:///largest.pkr.hcl', largest, 7, 600);
  });

  it('equals the whole-file check on synthetic templates without the shared corpus', () => {
    const template = [
      'variable "region" {\n  type    = string\n  default = "us-east-1" # where\n}\n',
      'count = 3\n',
      'locals {\n  list = [\n    1,\n    2,\n  ]\n  text = <<-EOT\n    ${var.region} %{ if true }yes%{ endif }\n    EOT\n}\n',
      '// comment between items\n',
      'source "amazon-ebs" "x" { ami_name = "a-${local.b}" }\n',
      'tags = { a = 1, b = "two" }\n',
      'build {\n  sources = ["source.amazon-ebs.x"]\n  provisioner "shell" {\n    inline = [for s in local.list : "echo ${s}"]\n  }\n}\n',
    ].join('\n');
    for (let seed = 0; seed < 40; seed++) assertEquivalentUnderEdits(`file:///synthetic/${seed}.pkr.hcl`, template, seed, 60);
  });

  it('reports a top-level argument redefined in another item exactly as the whole-file check does', () => {
    const key = 'file:///redefined.pkr.hcl';
    const options = optionsFor(key, true);
    const text = 'a = 1\n\nlocals {\n  x = 1\n}\n\nb = 2\n';
    assert.deepEqual(checkSyntax(key, text, options), []);
    const redefined = text.replace('b = 2', 'a = 2');
    const diagnostics = checkSyntax(key, redefined, options);
    assert.deepEqual(diagnostics, parseHcl(redefined, options).diagnostics);
    assert.equal(diagnostics[0]?.summary, 'Attribute redefined');
    assert.deepEqual(checkSyntax(key, text, options), []);
  });

  it('goes back to clean once an error is repaired, and reports it again when it comes back', () => {
    const key = 'file:///repair.pkr.hcl';
    const options = optionsFor(key, true);
    const text = 'a = "x"\n\nb = "y"\n\nc = "z"\n';
    const broken = 'a = "x"\n\nb = "y\n\nc = "z"\n';
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(checkSyntax(key, text, options), []);
      const diagnostics = checkSyntax(key, broken, options);
      assert.ok(diagnostics.length > 0);
      assert.deepEqual(diagnostics, parseHcl(broken, options).diagnostics);
    }
  });

  it('checks a byte order mark and a changed HCL version like a fresh file', () => {
    const key = 'file:///bom.pkr.hcl';
    const text = 'x = provider::ns::fn(1)\n\ny = 2\n';
    for (const candidate of [text, `\ufeff${text}`, text, `${text}\ufeff`]) {
      for (const namespacedFunctions of [true, false, true]) {
        const options = optionsFor(key, namespacedFunctions);
        assert.deepEqual(checkSyntax(key, candidate, options), parseHcl(candidate, options).diagnostics);
      }
    }
  });

  it('keeps documents apart and stays right after more documents than it remembers', () => {
    forgetCheckedDocuments();
    const texts = Array.from({ length: 40 }, (_, i) => `v${i} = ${i}\n\nlocals {\n  l = "${i}"\n}\n`);
    for (let round = 0; round < 2; round++) {
      texts.forEach((text, i) => {
        const key = `file:///many/${i % 20}.pkr.hcl`;
        const edited = round === 0 ? text : text.replace('"', '');
        const options = optionsFor(key, true);
        assert.deepEqual(checkSyntax(key, edited, options), parseHcl(edited, options).diagnostics, `${key} round ${round}`);
      });
    }
  });

  it('handles 10,000-deep nesting on both paths without overflowing', () => {
    const key = 'file:///deep.pkr.hcl';
    const options = optionsFor(key, true);
    const deep = `a = 1\n\nx = ${'['.repeat(10000)}${']'.repeat(10000)}\n\nb = 2\n`;
    for (const text of [deep, deep.replace('a = 1', 'a = 12'), deep.replace('b = 2', 'b = 2 2'), deep]) {
      assert.deepEqual(checkSyntax(key, text, options), parseHcl(text, options).diagnostics);
    }
  });
});

describe('scanner boundaries', () => {
  it('sees a boundary only between top-level items', () => {
    const text = 'a = 1\n# note\nb = [\n  1,\n]\nc = "x\n"\nd = {\n}\ne = <<EOT\nz\nEOT\nf = "${\n1}"\n';
    const boundaries: number[] = [];
    scanTokens(text, {
      doubleColon: true,
      onBoundary: (offset) => {
        boundaries.push(offset);
        return false;
      },
    });
    const afterLine = (line: string) => text.indexOf(line) + line.length;
    assert.deepEqual(boundaries, [
      afterLine('a = 1\n'),
      afterLine('# note\n'),
      afterLine(']\n'),
      afterLine('"x\n"\n'),
      afterLine('d = {\n}\n'),
      afterLine('EOT\nz\nEOT\n'),
      text.length,
    ]);
  });

  it('ends the scan where onBoundary says, with EOF there', () => {
    const text = 'a = 1\nb = 2\nc = 3\n';
    const tokens = scanTokens(text, { doubleColon: true, from: 6, onBoundary: (offset) => offset === 12 });
    assert.deepEqual(
      tokens.map((token) => `${token.type}@${token.start}`),
      ['Ident@6', '=@8', 'Number@10', 'Newline@11', 'EOF@12'],
    );
  });
});

describe('syntaxDiagnostics with the incremental check', () => {
  it('gives the same diagnostics, tree-sitter fallback included, as a fresh check along a sequence of versions', async () => {
    const uri = 'file:///work/versions.pkr.hcl';
    const versions = ['a = 1\n\nb = 2\n', 'a = 1\n\nb = (2\n', 'a = 1\n\nb = 2\n', 'a = 1\n\nb = 1e5\n', 'a = 1e\n\nb = 2\n'];
    for (const text of versions) {
      const incremental = await check(text, { uri });
      forgetCheckedDocuments();
      assert.deepEqual(incremental, await check(text, { uri }), JSON.stringify(text));
    }
    const document = TextDocument.create(uri, 'packer', 1, 'x = 1\n');
    assert.deepEqual(syntaxDiagnostics({ document, tree: undefined }), []);
  });
});
