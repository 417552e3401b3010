// The cheap ways of building a model give exactly what a full build gives: names and `.name` parts read from the text of
// error-free trees, and a keystroke's build reusing the previous version's items and their body children.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind, PackerFileModel } from '../../../server/src/packer/model';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers, SyntaxNode, SyntaxTree } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, HAS_SHARED, SKIP_WITHOUT_SHARED } from '../../helpers/shared';

/** Deterministic pseudo-random numbers, so a failure names a sequence that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const INSERTIONS = [' ', 'x', '.', '"', '{', '}', '\n', '= ', '#', '${', 'var.', 'local.a.b ', 'upper(', ')', '[', '] ', 'é'];

/** One edit of the kinds a person makes: typing, deleting, moving lines, renaming, adding and removing attributes and blocks. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEndAt = text.indexOf('\n', at);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt + 1;
  const choice = next();
  if (choice < 0.3) return text.slice(0, at) + INSERTIONS[Math.floor(next() * INSERTIONS.length)] + text.slice(at);
  if (choice < 0.45) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 12));
  if (choice < 0.55) return text.slice(0, lineStart) + text.slice(lineEnd);
  if (choice < 0.65) {
    // Renames the attribute or block starting the line.
    const renamed = text.slice(lineStart, lineEnd).replace(/^(\s*)[A-Za-z_][\w-]*/, `$1renamed_${Math.floor(next() * 100)}`);
    return text.slice(0, lineStart) + renamed + text.slice(lineEnd);
  }
  if (choice < 0.75) return `${text.slice(0, lineStart)}  added_${Math.floor(next() * 100)} = var.region\n${text.slice(lineStart)}`;
  if (choice < 0.85) return `${text.slice(0, lineStart)}  nested "x" {\n    value = local.name.part\n  }\n${text.slice(lineStart)}`;
  const copied = text.slice(lineStart, lineEnd);
  const to = text.lastIndexOf('\n', Math.floor(next() * text.length)) + 1;
  return text.slice(0, to) + copied + text.slice(to);
}

/** Reference parts and call names as the tree spells them, asked node by node: the slow way the text shortcut replaces. */
function treeReference(tree: SyntaxTree, text: string, start: number): { parts: string[]; end: number } {
  const identifier = tree.rootNode.namedDescendantForIndex(start, start + 1)!;
  const expression = identifier.parent!;
  assert.equal(expression.type, 'variable_expr', `a reference at ${start}`);
  const siblings = expression.parent?.children ?? [];
  const parts: string[] = [];
  let end = expression.endIndex;
  for (const sibling of siblings.slice(siblings.findIndex((node) => node?.id === expression.id) + 1)) {
    if (!sibling?.isNamed) continue;
    if (sibling.type !== 'get_attr') break;
    const name = sibling.namedChildren.find((child) => child?.type === 'identifier');
    if (!name) break;
    parts.push(text.slice(name.startIndex, name.endIndex));
    end = sibling.endIndex;
  }
  return { parts, end };
}

function assertMatchesTree(model: PackerFileModel, tree: SyntaxTree, document: TextDocument, label: string): void {
  const text = document.getText();
  for (const reference of model.references) {
    const start = document.offsetAt(reference.rootRange.start);
    const expected = treeReference(tree, text, start);
    assert.deepEqual(reference.parts, expected.parts, `${label}: parts of the reference at ${start}`);
    assert.equal(document.offsetAt(reference.range.end), expected.end, `${label}: end of the reference at ${start}`);
  }
  for (const call of model.functionCalls) {
    const start = document.offsetAt(call.nameRange.start);
    const name = tree.rootNode.namedDescendantForIndex(start, start + 1) as SyntaxNode;
    assert.equal(call.name, name.text, `${label}: the function called at ${start}`);
  }
}

describe('cheap model builds equal full ones', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });
  const parse = (text: string) => parsers.hcl.parse(text);

  it('reads references written with blanks, comments, splats, indexes and non-ASCII names as the tree does', () => {
    const text = [
      'locals {',
      '  a = var . spaced',
      '  b = var.x # comment',
      '  c = var.list[0].name',
      '  d = var.list.*.name',
      '  e = var.list.0',
      '  f = local.é.x',
      '  g = "${var.t}-${upper(local.u.v)}"',
      '  h = provider::ns::fn(var.p)',
      '  i = (var.q).r',
      '  j = var.dash-ed.z',
      '  k = var.ff\f.y\v.z',
      '}',
      '',
    ].join('\n');
    const document = TextDocument.create('file:///d/a.pkr.hcl', 'packer', 1, text);
    const tree = parse(text);
    try {
      const closed = buildFileModel(document, tree, 'packer', undefined, false);
      assert.deepEqual(closed, buildFileModel(document, tree, 'packer'));
      assertMatchesTree(closed, tree, document, 'shapes');
      assert.deepEqual(
        closed.references.map((reference) => [reference.root, ...reference.parts].join('.')),
        ['var.spaced', 'var.x', 'var.list', 'var.list', 'var.list', 'local.é.x', 'var.t', 'local.u.v', 'var.p', 'var.q', 'var.dash-ed.z', 'var.ff.y.z'],
      );
      assert.deepEqual(closed.functionCalls.map((call) => call.name), ['upper', 'provider::ns::fn']);
    } finally {
      tree.delete();
    }
  });

  it('over seeded edit sequences on corpus templates: closed, fresh and reused builds agree', { skip: SKIP_WITHOUT_SHARED }, () => {
    if (!HAS_SHARED) return;
    const files = readFileSync(path.join(CORPUS_DIR, 'files.list'), 'utf8').split('\n').filter(Boolean);
    // Every seventh file and the largest ones, whose blocks are long enough for reuse inside them to matter.
    const bySize = [...files].sort((a, b) => readFileSync(path.join(CORPUS_DIR, b)).length - readFileSync(path.join(CORPUS_DIR, a)).length);
    const chosen = [...new Set([...bySize.slice(0, 6), ...files.filter((_, index) => index % 7 === 0)])];
    let compared = 0;
    for (const [fileIndex, file] of chosen.entries()) {
      const kind: FileKind = file.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
      const next = random(fileIndex + 1);
      let text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
      let previous: PackerFileModel | undefined;
      for (let step = 0; step < 8; step++) {
        const document = TextDocument.create('file:///d/edited.pkr.hcl', kind, step, text);
        const tree = parse(text);
        try {
          const label = `${file} after ${step} edits (seed ${fileIndex + 1})`;
          const fresh = buildFileModel(document, tree, kind);
          assert.deepEqual(buildFileModel(document, tree, kind, undefined, false), fresh, `${label}: closed build`);
          if (previous) assert.deepEqual(buildFileModel(document, tree, kind, previous), fresh, `${label}: reused build`);
          assertMatchesTree(fresh, tree, document, label);
          previous = previous ? buildFileModel(document, tree, kind, previous) : fresh;
          compared++;
        } finally {
          tree.delete();
        }
        text = edit(text, next);
      }
    }
    assert.ok(compared > 100, `compared ${compared} versions`);
  });
});
