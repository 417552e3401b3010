// Table-driven: one configuration (file name → text) per case, and the codes the rules must (and must only) report.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PackerConfiguration } from '../../../../server/src/packer/configuration';
import { packerDiagnostics } from '../../../../server/src/packer/diagnostics';
import { buildFileModel } from '../../../../server/src/packer/model';
import { createParsers } from '../../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../../server/src/parsing/treeSitter';

interface Case {
  name: string;
  files: Record<string, string>;
  /** `file:line code` for every error, warning and hint expected. */
  expected: string[];
}

const CASES: Case[] = [
  { name: 'variable used from another file', files: { 'a.pkr.hcl': 'variable "x" {}\n', 'b.pkr.hcl': 'locals {\n  y = var.x\n}\nbuild {\n  name = local.y\n}\n' }, expected: [] },
  { name: 'undeclared variable', files: { 'a.pkr.hcl': 'build {\n  name = var.nope\n}\n' }, expected: ['a.pkr.hcl:2 reference/undeclared-variable'] },
  { name: 'undeclared local', files: { 'a.pkr.hcl': 'build {\n  name = local.nope\n}\n' }, expected: ['a.pkr.hcl:2 reference/undeclared-local'] },
  { name: 'undeclared data source', files: { 'a.pkr.hcl': 'build {\n  name = data.amazon-ami.x.id\n}\n' }, expected: ['a.pkr.hcl:2 reference/undeclared-data'] },
  { name: 'unknown build source', files: { 'a.pkr.hcl': 'build {\n  sources = ["source.null.nope"]\n}\n' }, expected: ['a.pkr.hcl:2 reference/unknown-build-source'] },
  { name: 'build source without prefix is accepted', files: { 'a.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["null.x"]\n}\n' }, expected: [] },
  { name: 'env outside variable default', files: { 'a.pkr.hcl': 'locals {\n  home = env("HOME")\n}\nbuild {\n  name = local.home\n}\n' }, expected: ['a.pkr.hcl:2 reference/restricted-function'] },
  { name: 'env in a variable default', files: { 'a.pkr.hcl': 'variable "home" {\n  default = env("HOME")\n}\nbuild {\n  name = var.home\n}\n' }, expected: [] },
  { name: 'unknown top-level block', files: { 'a.pkr.hcl': 'builder "x" {\n}\n' }, expected: ['a.pkr.hcl:1 schema/unknown-block'] },
  { name: 'unknown build block', files: { 'a.pkr.hcl': 'build {\n  provision "shell" {\n  }\n}\n' }, expected: ['a.pkr.hcl:2 schema/unknown-block'] },
  { name: 'wrong label count', files: { 'a.pkr.hcl': 'source "null" {\n}\n' }, expected: ['a.pkr.hcl:1 schema/label-count'] },
  { name: 'reserved top-level communicator block is accepted, as Packer does', files: { 'a.pkr.hcl': 'communicator "ssh" "vagrant" {\n  ssh_password = "vagrant"\n}\n' }, expected: [] },
  { name: 'reserved communicator block still needs its two labels', files: { 'a.pkr.hcl': 'communicator "ssh" {\n}\n' }, expected: ['a.pkr.hcl:1 schema/label-count'] },
  { name: 'unknown attribute in a core block', files: { 'a.pkr.hcl': 'variable "x" {\n  colour = "red"\n}\nbuild {\n  name = var.x\n}\n' }, expected: ['a.pkr.hcl:2 schema/unknown-attribute'] },
  { name: 'unknown plugin type is never checked', files: { 'a.pkr.hcl': 'source "my-own-plugin" "x" {\n  anything = 1\n}\n' }, expected: [] },
  { name: 'missing required core attribute', files: { 'a.pkr.hcl': 'variable "x" {\n  validation {\n    condition = true\n  }\n}\nbuild {\n  name = var.x\n}\n' }, expected: ['a.pkr.hcl:2 schema/missing-required-attribute'] },
  { name: 'duplicate variable across files', files: { 'a.pkr.hcl': 'variable "x" {}\nlocals {\n  y = var.x\n}\n', 'b.pkr.hcl': 'variable "x" {}\nbuild {\n  name = local.y\n}\n' }, expected: ['a.pkr.hcl:1 variables/duplicate-variable', 'b.pkr.hcl:1 variables/duplicate-variable'] },
  { name: 'independent templates sharing a directory are not duplicates', files: { 'a.pkr.hcl': 'variable "x" {}\nbuild {\n  name = var.x\n}\n', 'b.pkr.hcl': 'variable "x" {}\nbuild {\n  name = var.x\n}\n' }, expected: [] },
  { name: 'duplicate local in one file', files: { 'a.pkr.hcl': 'locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\nbuild {\n  name = local.a\n}\n' }, expected: ['a.pkr.hcl:2 variables/duplicate-local', 'a.pkr.hcl:5 variables/duplicate-local'] },
  { name: 'duplicate source', files: { 'a.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n', 'b.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n' }, expected: ['a.pkr.hcl:1 schema/duplicate-source', 'b.pkr.hcl:1 schema/duplicate-source'] },
  { name: 'default does not match its type', files: { 'a.pkr.hcl': 'variable "n" {\n  type = number\n  default = "many"\n}\nbuild {\n  name = var.n\n}\n' }, expected: ['a.pkr.hcl:3 variables/default-type-mismatch'] },
  { name: 'convertible default', files: { 'a.pkr.hcl': 'variable "n" {\n  type = number\n  default = "5"\n}\nvariable "l" {\n  type = list(string)\n  default = ["a", 1]\n}\nbuild {\n  name = "${var.n}${var.l[0]}"\n}\n' }, expected: [] },
  { name: 'var-file assigns an undeclared variable', files: { 'a.pkr.hcl': 'variable "x" {}\nbuild {\n  name = var.x\n}\n', 'v.pkrvars.hcl': 'x = 1\ny = 2\n' }, expected: ['v.pkrvars.hcl:2 variables/undeclared-assignment'] },
  { name: 'unused variable and local', files: { 'a.pkr.hcl': 'variable "x" {}\nlocals {\n  y = 1\n}\n' }, expected: ['a.pkr.hcl:1 variables/unused-variable', 'a.pkr.hcl:3 variables/unused-local'] },
];

describe('Packer rules', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });

  for (const testCase of CASES) {
    it(testCase.name, () => {
      const files = Object.entries(testCase.files).map(([name, text]) => {
        const kind = name.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
        const document = TextDocument.create(`file:///config/${name}`, kind, 0, text);
        const tree = parsers.hcl.parse(text);
        return { name, document, tree, model: buildFileModel(document, tree, kind) };
      });
      const configuration = new PackerConfiguration('file:///config', files.map((file) => file.model), true);
      const found = files.flatMap((file) =>
        packerDiagnostics({ ...file, configuration })
          .filter((diagnostic) => diagnostic.severity !== 3)
          .map((diagnostic) => `${file.name}:${diagnostic.range.start.line + 1} ${diagnostic.code}`),
      );
      for (const file of files) file.tree.delete();
      assert.deepEqual(found.sort(), [...testCase.expected].sort());
    });
  }
});
