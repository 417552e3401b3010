// What completion offers while a person types: names in half-typed and unclosed blocks, labels with the required
// attributes as tab stops, values (booleans, enumerations, source names, local files, ranked references) and
// variable files, with the editor's auto-closing of `{`, `[` and `"` on and off.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { pathToFileURL } from 'node:url';
import { completionNeedsDirectory, packerCompletion, warmPackerCompletion } from '../../../server/src/packer/completion';
import { cursorContext } from '../../../server/src/packer/cursorContext';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind } from '../../../server/src/packer/model';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

const CURSOR = '|';

const DECLARATIONS = `variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "optimized" {
  type = bool
}

variable "count" {
  type = number
}

locals {
  name = "base"
}

data "amazon-ami" "ubuntu" {
  region = var.region
}

source "amazon-ebs" "web" {
  region = var.region
}

source "docker" "dev" {
  image = "ubuntu"
}
`;

describe('Packer completion while typing', () => {
  let parsers: Parsers;
  let root: string;

  before(async () => {
    parsers = await createParsers();
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-completion-'));
    writeFileSync(path.join(root, 'declarations.pkr.hcl'), DECLARATIONS);
    mkdirSync(path.join(root, 'scripts'));
    writeFileSync(path.join(root, 'scripts', 'install.sh'), '#!/bin/sh\n');
    writeFileSync(path.join(root, 'scripts', 'cleanup.sh'), '#!/bin/sh\n');
    writeFileSync(path.join(root, 'setup.sh'), '#!/bin/sh\n');
  });
  after(() => {
    parsers.hcl.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  /** Completion at the marker in a new file `name` of the fixture directory, with the declarations file beside it. */
  async function complete(marked: string, name = 'typing.pkr.hcl'): Promise<{ items: CompletionItem[]; text: string }> {
    const offset = marked.indexOf(CURSOR);
    assert.ok(offset >= 0, 'fixture has a cursor');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const kind: FileKind = name.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
    const uri = pathToFileURL(path.join(root, name)).toString();
    const document = TextDocument.create(uri, kind, 1, text);
    const tree = parsers.hcl.parse(text);
    const declarationsText = DECLARATIONS;
    const declarationsDocument = TextDocument.create(pathToFileURL(path.join(root, 'declarations.pkr.hcl')).toString(), 'packer', 1, declarationsText);
    const declarationsTree = parsers.hcl.parse(declarationsText);
    try {
      const models = [buildFileModel(declarationsDocument, declarationsTree, 'packer'), buildFileModel(document, tree, kind)];
      const configuration = new PackerConfiguration(root, models, true);
      const items = await packerCompletion({ document, tree, kind, position: document.positionAt(offset), configuration });
      return { items, text };
    } finally {
      tree.delete();
      declarationsTree.delete();
    }
  }

  const labels = (items: CompletionItem[]) => items.map((item) => item.label);
  const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  const newText = (item: CompletionItem | undefined) => (item?.textEdit as TextEdit | undefined)?.newText;
  const find = (items: CompletionItem[], label: string) => items.find((item) => item.label === label);

  describe('names in blocks that are half typed', () => {
    const cases: { what: string; marked: string; includes: string[]; excludes?: string[] }[] = [
      { what: 'the only block of a new file', marked: 'source "amazon-ebs" "x" {\n  a|\n}\n', includes: ['ami_name', 'ami_virtualization_type'], excludes: ['packer', 'variable', 'source'] },
      { what: 'an unclosed block at the end of the file', marked: 'source "amazon-ebs" "x" {\n  |', includes: ['ami_name', 'instance_type', 'source_ami_filter'], excludes: ['packer', 'variable'] },
      { what: 'a provisioner inside build', marked: 'build {\n  provisioner "shell" {\n    inl|\n  }\n}\n', includes: ['inline', 'only', 'pause_before'], excludes: ['packer', 'sources'] },
      { what: 'a nested block of a source', marked: 'source "amazon-ebs" "x" {\n  source_ami_filter {\n    mo|\n  }\n}\n', includes: ['most_recent', 'owners', 'filters'], excludes: ['packer', 'ami_name'] },
      { what: 'a build body', marked: 'build {\n  |\n}\n', includes: ['sources', 'provisioner', 'post-processor', 'source'], excludes: ['ami_name'] },
      { what: 'the top level', marked: 'so|\n', includes: ['source', 'variable', 'build', 'packer'], excludes: ['communicator'] },
      { what: 'a provisioner of a plugin without schema (meta-arguments)', marked: 'build {\n  provisioner "my-own" {\n    |\n  }\n}\n', includes: ['only', 'except'] },
    ];
    for (const { what, marked, includes, excludes } of cases) {
      it(what, async () => {
        const { items } = await complete(marked);
        const offered = labels(items);
        for (const label of includes) assert.ok(offered.includes(label), `${label} in ${JSON.stringify(offered.slice(0, 30))}`);
        for (const label of excludes ?? []) assert.ok(!offered.includes(label), `${label} not offered`);
      });
    }

    it('leaves out attributes the body already sets, before and after the cursor', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  region = "a"\n  |\n  ami_name = "b"\n}\n');
      const offered = labels(items);
      assert.ok(!offered.includes('region') && !offered.includes('ami_name'));
      assert.ok(offered.includes('instance_type'));
    });

    it('inserts `name = value` on a new line and only the name before an existing `= value`', async () => {
      const fresh = find((await complete('source "amazon-ebs" "x" {\n  ami_na|\n}\n')).items, 'ami_name');
      assert.equal(newText(fresh), 'ami_name = "${1}"');
      const retyped = find((await complete('source "amazon-ebs" "x" {\n  ami_na| = "x"\n}\n')).items, 'ami_name');
      assert.equal(newText(retyped), 'ami_name');
      assert.equal(retyped?.command, undefined);
    });

    it('replaces the whole word, dashes included', async () => {
      const { items } = await complete('build {\n  post-pro|\n}\n');
      const item = find(items, 'post-processor');
      assert.deepEqual((item?.textEdit as TextEdit).range, { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
    });

    it('opens the value list after an attribute with known values', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  commun|\n}\n');
      const item = find(items, 'communicator');
      assert.equal(item?.command?.command, 'editor.action.triggerSuggest');
      // The server's list opens inside the quotes, rather than a snippet choice without documentation.
      assert.equal(newText(item), 'communicator = "${1}"');
    });
  });

  describe('values', () => {
    it('offers hvm and paravirtual inside an auto-closed string', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  ami_virtualization_type = "|"\n}\n');
      assert.deepEqual(labels(items), ['hvm', 'paravirtual']);
    });

    it('offers ssh, winrm and none inside a string that is not closed yet, and closes it', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  communicator = "|');
      assert.deepEqual(labels(items), ['ssh', 'winrm', 'none']);
      assert.equal(newText(items[0]), 'ssh"');
    });

    it('offers quoted enumeration values right after =', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  communicator = |\n}\n');
      assert.deepEqual(labels(sorted(items)).slice(0, 3), ['"ssh"', '"winrm"', '"none"']);
    });

    it('puts true and false first for a bool, then bool variables before other references', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  ebs_optimized = |\n}\n');
      const order = labels(sorted(items));
      assert.deepEqual(order.slice(0, 3), ['true', 'false', 'var.optimized']);
      assert.ok(order.indexOf('var.optimized') < order.indexOf('var.region'));
      assert.ok(order.indexOf('var.region') < order.indexOf('upper'));
    });

    it('ranks string references and data outputs of the right type first for a string', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  source_ami = |\n}\n');
      const order = labels(sorted(items));
      assert.ok(order.includes('data.amazon-ami.ubuntu.id'), JSON.stringify(order.slice(0, 10)));
      assert.ok(order.indexOf('var.region') < order.indexOf('var.count'));
      assert.ok(order.indexOf('data.amazon-ami.ubuntu.id') < order.indexOf('abs'));
    });

    it('offers source names in build.sources: quoted in the list, bare inside a string', async () => {
      const inList = await complete('build {\n  sources = [|]\n}\n');
      assert.deepEqual(labels(inList.items).filter((label) => label.startsWith('source.')).sort(), ['source.amazon-ebs.web', 'source.docker.dev']);
      assert.equal(newText(find(inList.items, 'source.docker.dev')), '"source.docker.dev"');
      const inString = await complete('build {\n  sources = ["source.amazon-ebs.web", "|"]\n}\n');
      assert.deepEqual(labels(inString.items).sort(), ['source.amazon-ebs.web', 'source.docker.dev']);
      // The auto-closed quote is replaced too: the cursor ends after the string, ready for `,`.
      const item = find(inString.items, 'source.docker.dev');
      assert.equal(newText(item), 'source.docker.dev"');
      assert.deepEqual((item!.textEdit as TextEdit).range, { start: { line: 1, character: 39 }, end: { line: 1, character: 40 } });
    });

    it('offers bare source names in only and except', async () => {
      const { items } = await complete('build {\n  provisioner "shell" {\n    only = ["|"]\n  }\n}\n');
      assert.deepEqual(labels(items).sort(), ['amazon-ebs.web', 'docker.dev']);
    });

    it('completes variables and their members after var. even in an unclosed block', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  region = var.re|');
      assert.ok(labels(items).includes('region'));
    });

    it('completes references inside ${…}', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  ami_name = "x-${|}"\n}\n');
      assert.ok(labels(items).includes('var.region') && labels(items).includes('local.name'));
    });

    it('offers nothing for object keys (names users invent)', async () => {
      const { items } = await complete('source "amazon-ebs" "x" {\n  tags = {\n    Na|\n  }\n}\n');
      assert.deepEqual(items, []);
    });
  });

  describe('local files', () => {
    it('lists the template folder for a shell script', async () => {
      const { items } = await complete('build {\n  provisioner "shell" {\n    script = "|"\n  }\n}\n');
      assert.deepEqual(labels(sorted(items)).filter((label) => !label.startsWith('.')), ['declarations.pkr.hcl', 'setup.sh', 'scripts/']);
      assert.equal(find(items, 'scripts/')?.command?.command, 'editor.action.triggerSuggest');
    });

    it('lists a subfolder, replacing only the last segment', async () => {
      const { items } = await complete('build {\n  provisioner "shell" {\n    scripts = ["scripts/ins|"]\n  }\n}\n');
      assert.deepEqual(labels(items).sort(), ['cleanup.sh', 'install.sh']);
      assert.deepEqual((find(items, 'install.sh')!.textEdit as TextEdit).range.start, { line: 2, character: 24 });
    });

    it('understands "${path.root}/…"', async () => {
      const { items } = await complete('build {\n  provisioner "file" {\n    source      = "${path.root}/scripts/|"\n    destination = "/tmp/"\n  }\n}\n');
      assert.deepEqual(labels(items).sort(), ['cleanup.sh', 'install.sh']);
    });

    it('does not complete a remote destination', async () => {
      const { items } = await complete('build {\n  provisioner "file" {\n    destination = "/t|"\n  }\n}\n');
      assert.deepEqual(items, []);
    });
  });

  describe('type labels of new blocks', () => {
    it('inserts the rest of the header and the required attributes as tab stops (auto-closed quote)', async () => {
      const { items } = await complete('source "amaz|"\n');
      const item = find(items, 'amazon-ebs');
      const inserted = newText(item)!;
      assert.match(inserted, /^amazon-ebs" "\$\{1:name\}" \{\n/);
      for (const attribute of ['ami_name', 'instance_type']) assert.match(inserted, new RegExp(`\\t${attribute} = "\\$\\{\\d+\\}"`));
      // Credentials the plugin tags required but reads from the environment are not written into templates.
      assert.doesNotMatch(inserted, /access_key|secret_key/);
      assert.ok(inserted.endsWith('\t$0\n}'));
      // The auto-closed quote is replaced too, so the header is not left with two.
      assert.deepEqual((item!.textEdit as TextEdit).range, { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } });
    });

    it('works without auto-closing, at the end of the file', async () => {
      const { items } = await complete('source "amaz|');
      assert.match(newText(find(items, 'amazon-ebs'))!, /^amazon-ebs" "\$\{1:name\}" \{\n/);
    });

    it('quotes the label typed after a bare block type', async () => {
      const { items } = await complete('build {\n  provisioner |\n}\n');
      assert.match(newText(find(items, 'shell'))!, /^"shell" \{\n/);
    });

    it('quotes a bare label being typed, replacing the typed word', async () => {
      const { items } = await complete('build {\n  provisioner sh|\n}\n');
      const item = find(items, 'shell');
      assert.match(newText(item)!, /^"shell" \{\n/);
      assert.deepEqual((item!.textEdit as TextEdit).range, { start: { line: 1, character: 14 }, end: { line: 1, character: 16 } });
    });

    it('changes only the type in an existing header', async () => {
      const { items } = await complete('source "dock|er" "x" {\n}\n');
      const item = find(items, 'docker');
      assert.equal(newText(item), 'docker');
      assert.deepEqual((item!.textEdit as TextEdit).range, { start: { line: 0, character: 8 }, end: { line: 0, character: 14 } });
    });

    it('a component block keyword stops in the type quotes and opens the list of types', async () => {
      const { items } = await complete('sou|\n');
      const item = find(items, 'source');
      assert.equal(newText(item), 'source "$1"');
      assert.equal(item?.command?.command, 'editor.action.triggerSuggest');
      // Which is the new-block position the type labels complete with a whole header.
      const next = await complete('source "|"\n');
      assert.match(newText(find(next.items, 'docker'))!, /^docker" "\$\{1:name\}" \{\n/);
      const variable = find(items, 'variable');
      assert.match(newText(variable)!, /^variable "\$\{1:name\}" \{/);
    });

    it('offers the directory’s sources for a source block inside build', async () => {
      const { items } = await complete('build {\n  source "|"\n}\n');
      assert.deepEqual(labels(items).sort(), ['source.amazon-ebs.web', 'source.docker.dev']);
    });

    it('offers nothing for the name label', async () => {
      assert.deepEqual((await complete('source "amazon-ebs" "|"\n')).items, []);
    });
  });

  describe('before the directory is read', () => {
    const needs = (marked: string, kind: FileKind = 'packer') => completionNeedsDirectory(cursorContext(marked.replace(CURSOR, ''), marked.indexOf(CURSOR)), kind);
    it('answers names, type labels, enumerations and files at once', () => {
      assert.equal(needs('source "amazon-ebs" "x" {\n  a|\n}\n'), false);
      assert.equal(needs('source "|"\n'), false);
      assert.equal(needs('source "amazon-ebs" "x" {\n  communicator = "|"\n}\n'), false);
    });
    it('waits for it where the answer lists declarations', () => {
      assert.equal(needs('source "amazon-ebs" "x" {\n  region = |\n}\n'), true);
      assert.equal(needs('build {\n  sources = ["|"]\n}\n'), true);
      assert.equal(needs('build {\n  source "|"\n}\n'), true);
      assert.equal(needs('|\n', 'packervars'), true);
    });
    it('warms every path without throwing', () => {
      assert.doesNotThrow(() => warmPackerCompletion());
    });
  });

  describe('variable files', () => {
    it('offers unassigned variables, required ones first', async () => {
      const { items } = await complete('region = "x"\n|\n', 'values.pkrvars.hcl');
      const order = labels(sorted(items));
      assert.ok(!order.includes('region'));
      assert.deepEqual(order.slice(0, 2).sort(), ['count', 'optimized']);
    });

    it('offers true and false for a bool variable', async () => {
      const { items } = await complete('optimized = |\n', 'values.pkrvars.hcl');
      assert.deepEqual(labels(items), ['true', 'false']);
    });
  });
});
