// Quick fixes, inlay hints, reference lenses and path.root links on small directories built in memory: every fix is
// applied and the result must parse, stay `packer fmt`-clean and no longer carry the diagnostic it fixed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatHcl } from '../../../server/src/hcl/format';
import { syntaxDiagnostics } from '../../../server/src/hcl/syntax';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { packerDiagnostics } from '../../../server/src/packer/diagnostics';
import { packerInlayHints } from '../../../server/src/packer/inlayHints';
import { buildFileModel } from '../../../server/src/packer/model';
import type { PackerFileModel } from '../../../server/src/packer/model';
import { createPathRootFeatures } from '../../../server/src/packer/pathRootFiles';
import { quickFixActions } from '../../../server/src/packer/quickFixes';
import { referenceLenses } from '../../../server/src/packer/referenceLenses';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

let parsers: Parsers;
let root: string;

before(async () => {
  parsers = await createParsers();
  root = mkdtempSync(path.join(os.tmpdir(), 'bilder-editing-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Directory {
  documents: Map<string, TextDocument>;
  models: PackerFileModel[];
  configuration: PackerConfiguration;
}

/** Files of one configuration directory, written to disk (for path.root) and modelled as the server models them. */
function directory(name: string, files: Record<string, string>): Directory {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const documents = new Map<string, TextDocument>();
  const models: PackerFileModel[] = [];
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, file), text);
    const uri = pathToFileURL(path.join(dir, file)).toString();
    const kind = file.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
    const document = TextDocument.create(uri, kind, 1, text);
    const tree = parsers.hcl.parse(text);
    models.push(buildFileModel(document, tree, kind, undefined));
    tree.delete();
    documents.set(file, document);
  }
  return { documents, models, configuration: new PackerConfiguration(pathToFileURL(dir).toString(), models, true) };
}

async function actionsFor(dir: Directory, file: string, code: string): Promise<{ actions: CodeAction[]; diagnostics: Diagnostic[] }> {
  const document = dir.documents.get(file)!;
  const tree = parsers.hcl.parse(document.getText());
  try {
    const model = dir.models.find((candidate) => candidate.uri === document.uri)!;
    const diagnostics = packerDiagnostics({ document, tree, model, configuration: dir.configuration });
    const requested = diagnostics.filter((diagnostic) => diagnostic.code === code);
    const context = {
      document,
      tree,
      model,
      configuration: dir.configuration,
      textOf: async (uri: string) => [...dir.documents.values()].find((candidate) => candidate.uri === uri)?.getText(),
      format: (text: string) => formatHcl(text, { parse: parsers.hcl }),
    };
    return { actions: await quickFixActions(context, requested.slice(0, 1), () => diagnostics), diagnostics: requested };
  } finally {
    tree.delete();
  }
}

/** The directory's files after the action's edits, checked: each parses and is already formatted. */
function applied(dir: Directory, action: CodeAction): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [file, document] of dir.documents) {
    const edits: TextEdit[] = action.edit?.changes?.[document.uri] ?? [];
    const text = TextDocument.applyEdits(document, edits);
    const tree = parsers.hcl.parse(text);
    const errors = syntaxDiagnostics({ document: TextDocument.create(document.uri, 'packer', 2, text), tree }).filter((d) => d.severity === 1);
    tree.delete();
    assert.deepEqual(errors, [], `${file} parses after "${action.title}"`);
    const formatted = formatHcl(text, { parse: parsers.hcl });
    assert.equal(formatted.kind === 'formatted' && formatted.text, text, `${file} is packer fmt-clean after "${action.title}"`);
    result[file] = text;
  }
  return result;
}

describe('quick fixes', () => {
  it('declares an undeclared variable in variables.pkr.hcl, typed by its use', async () => {
    const dir = directory('declare', {
      'variables.pkr.hcl': 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n',
      'main.pkr.hcl':
        'source "amazon-ebs" "web" {\n  region                      = var.region\n  associate_public_ip_address = var.public_ip\n  ami_name                    = "web-${var.stage}"\n}\n\nbuild {\n  sources = ["source.amazon-ebs.web"]\n}\n',
    });
    const { actions, diagnostics } = await actionsFor(dir, 'main.pkr.hcl', 'reference/undeclared-variable');
    assert.equal(diagnostics.length, 2);
    const single = actions.find((action) => action.title.startsWith('Declare variable "public_ip"'));
    assert.ok(single, actions.map((action) => action.title).join(', '));
    assert.match(single.title, /\(bool\) in variables\.pkr\.hcl/);
    const files = applied(dir, single);
    assert.match(files['variables.pkr.hcl']!, /\n\nvariable "public_ip" \{\n  type = bool\n\}\n$/);
    assert.equal(files['main.pkr.hcl'], dir.documents.get('main.pkr.hcl')!.getText());

    const all = actions.find((action) => action.title.startsWith('Declare every undeclared variable'));
    assert.ok(all);
    assert.equal(all.title, 'Declare every undeclared variable of this file (2)');
    const afterAll = applied(dir, all);
    assert.match(afterAll['variables.pkr.hcl']!, /variable "public_ip" \{\n  type = bool\n\}\n\nvariable "stage" \{\n  type = string\n\}\n$/);
  });

  it('removes an unused variable and an unused local, and the locals block it empties', async () => {
    const dir = directory('unused', {
      'main.pkr.hcl':
        'variable "used" {\n  type    = string\n  default = "a"\n}\n\nvariable "unused" {\n  type = string\n}\n\nlocals {\n  very_long_unused_name = "x"\n  name                  = var.used\n}\n\nlocals {\n  lonely = 1\n}\n\nsource "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  name    = local.name\n  sources = ["source.null.x"]\n}\n',
    });
    const variable = await actionsFor(dir, 'main.pkr.hcl', 'variables/unused-variable');
    const removedVariable = applied(dir, variable.actions[0]!)['main.pkr.hcl']!;
    assert.doesNotMatch(removedVariable, /unused"/);
    assert.match(removedVariable, /^variable "used" \{\n  type    = string\n  default = "a"\n\}\n\nlocals \{/);

    const local = await actionsFor(dir, 'main.pkr.hcl', 'variables/unused-local');
    const removedLocal = applied(dir, local.actions[0]!)['main.pkr.hcl']!;
    // The alignment of the remaining entry follows packer fmt once its longer neighbour is gone.
    assert.match(removedLocal, /locals \{\n  name = var\.used\n\}/);
    const all = local.actions.find((action) => action.title.startsWith('Remove every unused local'));
    assert.ok(all);
    assert.doesNotMatch(applied(dir, all)['main.pkr.hcl']!, /lonely|locals \{\n\}/);
  });

  it('suggests the clearly closest attribute name, and nothing when two are as close', async () => {
    const dir = directory('spelling', {
      'main.pkr.hcl': 'source "null" "x" {\n  comunicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n}\n',
    });
    const { actions } = await actionsFor(dir, 'main.pkr.hcl', 'schema/unknown-attribute');
    assert.equal(actions[0]?.title, 'Did you mean "communicator"?');
    assert.match(applied(dir, actions[0]!)['main.pkr.hcl']!, /^source "null" "x" \{\n  communicator = "none"\n\}/);

    const far = directory('far', { 'main.pkr.hcl': 'source "null" "x" {\n  zzzzzz = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n}\n' });
    assert.deepEqual((await actionsFor(far, 'main.pkr.hcl', 'schema/unknown-attribute')).actions, []);
  });

  it('inserts a missing required argument with a placeholder of its type', async () => {
    const dir = directory('required', {
      'main.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n\n  provisioner "file" {\n    source = "a.txt"\n  }\n}\n',
    });
    const { actions } = await actionsFor(dir, 'main.pkr.hcl', 'schema/missing-plugin-attribute');
    const insert = actions.find((action) => action.title === 'Add required argument "destination"');
    assert.ok(insert, actions.map((action) => action.title).join(', '));
    assert.match(applied(dir, insert)['main.pkr.hcl']!, /provisioner "file" \{\n    source      = "a\.txt"\n    destination = ""\n  \}/);
  });
});

describe('inlay hints', () => {
  it('shows defaults, auto var file overrides, locals, and masks sensitive and secret-named variables', async () => {
    const dir = directory('hints', {
      'variables.pkr.hcl':
        'variable "region" {\n  default = "eu-west-1"\n}\n\nvariable "size" {\n  default = "t3.micro"\n}\n\nvariable "token" {\n  default   = "abc"\n  sensitive = true\n}\n\nvariable "db_password" {\n  default = "hunter2"\n}\n\nlocals {\n  name = "web-${var.region}"\n}\n',
      'main.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  name    = "${local.name}-${var.size}-${var.token}-${var.region}-${var.db_password}"\n  sources = ["source.null.x"]\n}\n',
      'prod.auto.pkrvars.hcl': 'size = "m5.large"\n',
    });
    const main = dir.models.find((model) => model.uri.endsWith('main.pkr.hcl'))!;
    const hints = await packerInlayHints({
      model: main,
      configuration: dir.configuration,
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      selectedVarFiles: [],
      textOf: async (uri) => [...dir.documents.values()].find((document) => document.uri === uri)?.getText(),
    });
    assert.deepEqual(
      hints.map((hint) => hint.label),
      ['= "web-${var.region}"', '= "m5.large"', '= (sensitive)', '= "eu-west-1"', '= (sensitive)'],
    );
    assert.match(String(hints[1]!.tooltip), /prod\.auto\.pkrvars\.hcl/);
  });
});

describe('reference lenses and path.root links', () => {
  it('counts references across the directory', () => {
    const dir = directory('lenses', {
      'variables.pkr.hcl': 'variable "region" {\n  default = "eu-west-1"\n}\n',
      'main.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  name    = var.region\n  sources = ["source.null.x"]\n}\n',
    });
    const variables = dir.models.find((model) => model.uri.endsWith('variables.pkr.hcl'))!;
    const main = dir.models.find((model) => model.uri.endsWith('main.pkr.hcl'))!;
    assert.deepEqual(referenceLenses(variables, dir.configuration).map((lens) => lens.command?.title), ['1 reference']);
    const [sourceLens] = referenceLenses(main, dir.configuration);
    assert.equal(sourceLens?.command?.title, '1 reference');
    assert.equal(sourceLens?.command?.command, 'bilder.showReferences');
  });

  it('links "${path.root}/…" to the file and warns once it is known to be missing', async () => {
    const dir = directory('paths', {
      'main.pkr.hcl':
        'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n\n  provisioner "shell-local" {\n    scripts = ["${path.root}/setup.sh", "${path.root}/missing.sh", "${path.root}/${var.x}.sh"]\n  }\n\n  provisioner "file" {\n    direction   = "download"\n    source      = "${path.root}/remote.log"\n    destination = "${path.root}/out/remote.log"\n  }\n\n  post-processor "manifest" {\n    output = "${path.root}/manifest.json"\n  }\n}\n',
      'setup.sh': '#!/bin/sh\n',
    });
    const document = dir.documents.get('main.pkr.hcl')!;
    const model = dir.models.find((candidate) => candidate.uri === document.uri)!;
    let reanalysed = 0;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const features = createPathRootFeatures(() => ++reanalysed === 1 && settle());
    assert.deepEqual(
      features.links(document, model).map((link) => path.basename(new URL(link.target!).pathname)),
      ['setup.sh', 'missing.sh', 'remote.log', 'remote.log', 'manifest.json'],
    );
    const tree = parsers.hcl.parse(document.getText());
    assert.deepEqual(features.diagnostics(document, model, tree), [], 'unknown until checked');
    await settled;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // What a build writes (a manifest, a download) does not exist before it runs: only the missing script is reported.
    const warnings = features.diagnostics(document, model, tree);
    tree.delete();
    assert.deepEqual(warnings.map((warning) => warning.message), ['There is no "missing.sh" in the template\'s folder (path.root).']);
  });
});

describe('deprecated arguments', () => {
  it('are hinted, and renamed to their successor when the value keeps its type', async () => {
    const dir = directory('deprecated', {
      'main.pkr.hcl':
        'source "qemu" "x" {\n  iso_url           = "a.iso"\n  iso_checksum      = "none"\n  ssh_host_port_min = 2222\n}\n\nbuild {\n  sources = ["source.qemu.x"]\n\n  post-processor "docker-tag" {\n    repository = "r"\n    tag        = "latest"\n  }\n}\n',
    });
    const { actions, diagnostics } = await actionsFor(dir, 'main.pkr.hcl', 'schema/deprecated-attribute');
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.tags), [[2], [2]]);
    assert.equal(actions[0]?.title, 'Replace "ssh_host_port_min" with "host_port_min"');
    // Renamed, and the block's `=` realigned for the shorter name, as packer fmt would.
    assert.match(applied(dir, actions[0]!)['main.pkr.hcl']!, /^source "qemu" "x" \{\n  iso_url       = "a\.iso"\n  iso_checksum  = "none"\n  host_port_min = 2222\n\}/);
    // docker-tag's `tag` is a list like `tags`, so it is renamed too.
    const all = actions.find((action) => action.title === 'Replace every deprecated argument of this file (2)');
    assert.ok(all);
    assert.match(applied(dir, all)['main.pkr.hcl']!, /repository = "r"\n    tags       = "latest"\n/);
  });
});

describe('required_plugins', () => {
  it('reports a plugin the directory uses but does not list, and the fix adds it where the directory lists plugins', async () => {
    const dir = directory('plugins', {
      'plugins.pkr.hcl':
        'packer {\n  required_plugins {\n    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = ">= 1.0.0"\n    }\n  }\n}\n',
      'main.pkr.hcl':
        'source "docker" "d" {\n  image  = "debian"\n  commit = true\n}\n\nsource "amazon-ebs" "a" {\n  region        = "eu-west-1"\n  instance_type = "t3.micro"\n  ami_name      = "x"\n  source_ami    = "ami-1"\n  ssh_username  = "admin"\n}\n\nbuild {\n  sources = ["source.docker.d", "source.amazon-ebs.a"]\n}\n',
    });
    const { actions, diagnostics } = await actionsFor(dir, 'main.pkr.hcl', 'schema/missing-required-plugin');
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.message), ['"amazon-ebs" comes from github.com/hashicorp/amazon, which required_plugins does not list: packer init will not install it.']);
    assert.match(actions[0]!.title, /^Add amazon \(>= \d+\.\d+\.\d+\) to required_plugins in plugins\.pkr\.hcl$/);
    const added = applied(dir, actions[0]!)['plugins.pkr.hcl']!;
    assert.match(added, /    docker = \{\n.*\n.*\n    \}\n    amazon = \{\n      source  = "github\.com\/hashicorp\/amazon"\n      version = ">= \d+\.\d+\.\d+"\n    \}\n  \}\n\}\n$/);

    const none = directory('no-plugins', { 'main.pkr.hcl': 'source "docker" "d" {\n  image  = "debian"\n  commit = true\n}\n' });
    assert.deepEqual((await actionsFor(none, 'main.pkr.hcl', 'schema/missing-required-plugin')).diagnostics, [], 'no required_plugins: plugins installed by hand');
  });
});

describe('fixes never create duplicates', () => {
  it('declares a variable used with two types once, and renames nothing to a name the block already sets', async () => {
    const dir = directory('duplicates', {
      'main.pkr.hcl':
        'source "null" "x" {\n  communicator = var.x\n  ssh_port     = var.x\n  comunicator  = "none"\n}\n\nbuild {\n  name    = var.y\n  sources = ["source.null.x"]\n}\n',
    });
    const declared = await actionsFor(dir, 'main.pkr.hcl', 'reference/undeclared-variable');
    const all = declared.actions.find((action) => action.title.startsWith('Declare every undeclared variable'));
    assert.ok(all);
    const text = applied(dir, all)['main.pkr.hcl']!;
    assert.equal(text.match(/variable "x"/g)?.length, 1);
    const misspelt = await actionsFor(dir, 'main.pkr.hcl', 'schema/unknown-attribute');
    assert.deepEqual(misspelt.actions, [], '"communicator" is already set in the block');
  });
});
