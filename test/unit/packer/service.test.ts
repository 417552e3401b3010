// The Packer language service in-process, on small inline directories: what completion offers in each context, hover,
// signature help and rename, each answered against the whole directory through the workspace index.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent, SignatureHelp, WorkspaceEdit } from 'vscode-languageserver-types';
import { CancellationToken } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { LanguageService } from '../../../server/src/languages/service';
import type { Logger } from '../../../server/src/logger';
import { createPackerService } from '../../../server/src/packer/service';
import { PyinfraLinks } from '../../../server/src/pyinfra/links';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { OpenDocuments } from '../../../server/src/workspace/openDocuments';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const CURSOR = '|';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

const VARIABLES = `variable "region" {
  type        = string
  default     = "eu-west-1"
  description = "Where the image is built."
}

variable "instance_type" {
  type = string
}

locals {
  image_name = "base-\${var.region}"
}

data "amazon-ami" "ubuntu" {
  region = var.region
  filters = {
    name = "ubuntu/*"
  }
  owners = ["099720109477"]
}
`;

const SOURCES = `source "amazon-ebs" "web" {
  region        = var.region
  instance_type = var.instance_type
  ami_name      = local.image_name
  source_ami    = data.amazon-ami.ubuntu.id
  ssh_username  = "ubuntu"
}

source "docker" "dev" {
  image  = "ubuntu:24.04"
  commit = true
}
`;

const BUILD = `build {
  sources = ["source.amazon-ebs.web", "source.docker.dev"]

  provisioner "shell" {
    only   = ["amazon-ebs.web"]
    inline = ["echo \${build.ID}"]
  }
}
`;

/** The text with the cursor marker removed, and the marker's position. */
function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const index = marked.indexOf(CURSOR);
  assert.ok(index >= 0, 'fixture has a cursor');
  const before = marked.slice(0, index);
  const line = before.split('\n').length - 1;
  return { text: before + marked.slice(index + 1), position: { line, character: index - (before.lastIndexOf('\n') + 1) } };
}

function labelsOf(result: CompletionItem[] | CompletionList | null | undefined): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

describe('Packer language service', () => {
  let parsers: Parsers;
  let root: string;
  let documents: OpenDocuments;
  let workspace: WorkspaceIndex;
  let service: LanguageService;
  let reanalysed: string[][];
  let scratch = 0;

  const uriOf = (name: string) => URI.file(path.join(root, name)).toString();
  const snapshotOf = (uri: string) => {
    const open = documents.get(uri)!;
    return { document: open.document, kind: open.kind, tree: documents.tree(uri) };
  };
  /** Opens a new buffer (not on disk) beside the fixture files, so every test sees the same directory. */
  const openScratch = (marked: string, extension = 'pkr.hcl') => {
    const { text, position } = withCursor(marked);
    const uri = uriOf(`scratch-${scratch++}.${extension}`);
    documents.open(uri, extension === 'pkr.hcl' ? 'packer' : 'packervars', 1, text);
    return { uri, position, close: () => { documents.close(uri); workspace.forgetOpenModel(uri); } };
  };

  before(async () => {
    parsers = await createParsers();
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-service-'));
    writeFileSync(path.join(root, 'variables.pkr.hcl'), VARIABLES);
    writeFileSync(path.join(root, 'sources.pkr.hcl'), SOURCES);
    writeFileSync(path.join(root, 'build.pkr.hcl'), BUILD);
    writeFileSync(path.join(root, 'values.auto.pkrvars.hcl'), 'region = "us-east-1"\n');
    documents = new OpenDocuments(parsers);
    reanalysed = [];
    workspace = new WorkspaceIndex({ documents, parser: parsers.hcl, logger: silent, reanalyze: (uris) => reanalysed.push([...uris]) });
    const links = new PyinfraLinks(async () => parsers, { openText: () => undefined });
    service = createPackerService({ workspace, links, reanalyze: (uris) => reanalysed.push([...uris]) });
    await workspace.directoryLoaded(uriOf('variables.pkr.hcl'));
  });
  after(() => {
    workspace.dispose();
    documents.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  describe('completion offers', () => {
    const cases: { context: string; marked: string; extension?: string; includes: string[]; excludes?: string[] }[] = [
      { context: 'variables after var.', marked: 'locals {\n  a = var.|\n}\n', includes: ['region', 'instance_type'] },
      { context: 'locals after local.', marked: 'locals {\n  a = local.|\n}\n', includes: ['image_name'], excludes: ['region'] },
      { context: 'source name and type after source.', marked: 'locals {\n  a = source.|\n}\n', includes: ['name', 'type'] },
      { context: 'data source types after data.', marked: 'locals {\n  a = data.|\n}\n', includes: ['amazon-ami'] },
      { context: 'data source names after data.<type>.', marked: 'locals {\n  a = data.amazon-ami.|\n}\n', includes: ['ubuntu'] },
      { context: 'build variables after build.', marked: 'build {\n  provisioner "shell" {\n    inline = ["${build.|}"]\n  }\n}\n', includes: ['ID', 'Host', 'name'] },
      { context: 'path variables after path.', marked: 'locals {\n  a = path.|\n}\n', includes: ['root', 'cwd'] },
      { context: 'schema attributes inside a source body', marked: 'source "amazon-ebs" "x" {\n  |\n}\n', includes: ['ami_name', 'instance_type', 'region'] },
      { context: 'block keywords at the top level, without reserved ones', marked: '|\n', includes: ['variable', 'locals', 'source', 'build'], excludes: ['communicator'] },
      { context: 'function names in an expression', marked: 'locals {\n  a = |\n}\n', includes: ['upper', 'join'] },
      { context: 'prefixed source names inside build.sources strings', marked: 'build {\n  sources = ["|"]\n}\n', includes: ['source.amazon-ebs.web', 'source.docker.dev'] },
      {
        context: 'bare source names inside only strings',
        marked: 'build {\n  sources = ["source.docker.dev"]\n  provisioner "shell" {\n    only = ["|"]\n  }\n}\n',
        includes: ['amazon-ebs.web', 'docker.dev'],
        excludes: ['source.docker.dev'],
      },
      { context: 'declared variable names in a .pkrvars.hcl', marked: '|\n', extension: 'pkrvars.hcl', includes: ['region', 'instance_type'] },
    ];
    for (const { context, marked, extension, includes, excludes } of cases) {
      it(context, async () => {
        const scratchFile = openScratch(marked, extension);
        try {
          const labels = labelsOf(await service.completion!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position }, CancellationToken.None));
          for (const label of includes) assert.ok(labels.includes(label), `${label} in ${JSON.stringify(labels.slice(0, 40))}`);
          for (const label of excludes ?? []) assert.ok(!labels.includes(label), `${label} not offered`);
        } finally {
          scratchFile.close();
        }
      });
    }
  });

  describe('hover shows', () => {
    const cases: { subject: string; marked: string; mentions: string[] }[] = [
      { subject: 'a variable’s type, default and description', marked: 'locals {\n  a = var.reg|ion\n}\n', mentions: ['string', 'eu-west-1', 'Where the image is built.'] },
      { subject: 'a function’s signature', marked: 'locals {\n  a = up|per("x")\n}\n', mentions: ['upper('] },
      { subject: 'an attribute’s documentation', marked: 'source "amazon-ebs" "x" {\n  ami_na|me = "a"\n}\n', mentions: ['ami_name'] },
      { subject: 'a build variable’s documentation', marked: 'build {\n  provisioner "shell" {\n    inline = ["${build.I|D}"]\n  }\n}\n', mentions: ['identifier'] },
    ];
    for (const { subject, marked, mentions } of cases) {
      it(subject, async () => {
        const scratchFile = openScratch(marked);
        try {
          const hover = (await service.hover!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position })) as Hover | undefined;
          assert.ok(hover, 'a hover');
          const value = (hover.contents as MarkupContent).value;
          for (const mention of mentions) assert.ok(value.includes(mention), `${mention} in ${value}`);
        } finally {
          scratchFile.close();
        }
      });
    }
  });

  describe('signature help', () => {
    const cases: { where: string; marked: string; label: string; activeParameter: number }[] = [
      { where: 'on the first argument', marked: 'locals {\n  a = join(|)\n}\n', label: 'join(', activeParameter: 0 },
      { where: 'after a comma', marked: 'locals {\n  a = join(",", |)\n}\n', label: 'join(', activeParameter: 1 },
    ];
    for (const { where, marked, label, activeParameter } of cases) {
      it(where, async () => {
        const scratchFile = openScratch(marked);
        try {
          const help = (await service.signatureHelp!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position })) as SignatureHelp | undefined;
          assert.ok(help && help.signatures[0]!.label.startsWith(label), JSON.stringify(help));
          assert.equal(help.activeParameter ?? help.signatures[0]!.activeParameter, activeParameter);
        } finally {
          scratchFile.close();
        }
      });
    }
    it('stays silent outside a call', async () => {
      const scratchFile = openScratch('locals {\n  a = |1\n}\n');
      try {
        assert.equal(await service.signatureHelp!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position }), undefined);
      } finally {
        scratchFile.close();
      }
    });
  });

  describe('rename', () => {
    const editedTexts = (edit: WorkspaceEdit | null | undefined): Record<string, string[]> => {
      const result: Record<string, string[]> = {};
      for (const [uri, edits] of Object.entries(edit?.changes ?? {})) result[path.basename(URI.parse(uri).fsPath)] = edits.map((e) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.character}=${e.newText}`);
      return result;
    };
    const cases: { symbol: string; marked: string; newName: string; files: Record<string, number> }[] = [
      { symbol: 'a variable, in its declaration, every file and the var-file', marked: 'locals {\n  b = var.reg|ion\n}\n', newName: 'zone', files: { 'variables.pkr.hcl': 3, 'sources.pkr.hcl': 1, 'values.auto.pkrvars.hcl': 1 } },
      { symbol: 'a local', marked: 'locals {\n  b = local.image_na|me\n}\n', newName: 'label', files: { 'variables.pkr.hcl': 1, 'sources.pkr.hcl': 1 } },
      { symbol: 'a source, in its label, "source.amazon-ebs.x" strings and only lists', marked: 'build {\n  sources = ["source.amazon-ebs.w|eb"]\n}\n', newName: 'server', files: { 'sources.pkr.hcl': 1, 'build.pkr.hcl': 2 } },
    ];
    for (const { symbol, marked, newName, files } of cases) {
      it(symbol, async () => {
        const scratchFile = openScratch(marked);
        try {
          const edit = await service.rename!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position, newName });
          const texts = editedTexts(edit);
          const scratchName = path.basename(URI.parse(scratchFile.uri).fsPath);
          assert.equal(texts[scratchName]?.length, 1, JSON.stringify(texts));
          for (const [file, count] of Object.entries(files)) assert.equal(texts[file]?.length, count, `${file}: ${JSON.stringify(texts)}`);
          for (const edits of Object.values(texts)) for (const entry of edits) assert.ok(entry.endsWith(`=${newName}`));
        } finally {
          scratchFile.close();
        }
      });
    }
    it('edits only the name part of "source.amazon-ebs.web"', async () => {
      const scratchFile = openScratch('build {\n  sources = ["source.amazon-ebs.w|eb"]\n}\n');
      try {
        const edit = await service.rename!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position, newName: 'server' });
        const [only] = edit!.changes![scratchFile.uri]!;
        // `  sources = ["source.amazon-ebs.` is 32 characters: the edit covers exactly `web`.
        assert.deepEqual(only!.range, { start: { line: 1, character: 32 }, end: { line: 1, character: 35 } });
      } finally {
        scratchFile.close();
      }
    });
    it('refuses an invalid new name with a clear message', async () => {
      const scratchFile = openScratch('locals {\n  b = var.reg|ion\n}\n');
      try {
        await assert.rejects(service.rename!(snapshotOf(scratchFile.uri), { textDocument: { uri: scratchFile.uri }, position: scratchFile.position, newName: '1 bad' }) as Promise<unknown>, /not a valid name/);
      } finally {
        scratchFile.close();
      }
    });
  });
});
