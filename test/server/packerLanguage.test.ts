// The Packer language features over stdio on a multi-file configuration directory, as an editor sees them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover, Location, SemanticTokens, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'packer', 'multi-file');
const buildUri = fileUri(path.join(FIXTURE, 'build.pkr.hcl'));
const variablesUri = fileUri(path.join(FIXTURE, 'variables.pkr.hcl'));
const buildText = readFileSync(path.join(FIXTURE, 'build.pkr.hcl'), 'utf8');

function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} in fixture`);
  const before = text.slice(0, index + offsetInNeedle);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

describe('Packer language features over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ rootPath: FIXTURE });
    await client.open(buildUri, buildText);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes no problems for a valid multi-file configuration', async () => {
    // A request waits for the directory to be indexed; the edit after it is analysed against the whole directory.
    await client.request('textDocument/hover', { textDocument: { uri: buildUri }, position: { line: 0, character: 0 } });
    await client.change(buildUri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    const diagnostics = await client.diagnosticsForVersion(buildUri, 2);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1 || d.severity === 2), []);
  });

  it('completes variables declared in another file after var.', async () => {
    const uri = fileUri(path.join(FIXTURE, 'scratch.pkr.hcl'));
    await client.open(uri, 'locals {\n  x = var.\n}\n');
    const result = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 10 },
    });
    assert.deepEqual(labels(result).sort(), ['instance_type', 'region']);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('jumps to the declaration in the other file', async () => {
    const result = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: buildUri },
      position: positionOf(buildText, 'var.region', 5),
    });
    assert.equal(result.length, 1);
    assert.equal(result[0]!.uri, variablesUri);
    assert.deepEqual(result[0]!.range.start, { line: 0, character: 10 });
  });

  it('shows the variable’s type, default and description on hover', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: buildUri }, position: positionOf(buildText, 'var.region', 6) });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /string/);
    assert.match(value, /eu-west-1/);
    assert.match(value, /Where the image is built/);
  });

  it('renames a variable in every file of the directory, the var-file included', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: buildUri },
      position: positionOf(buildText, 'var.region', 5),
      newName: 'aws_region',
    });
    const files = Object.keys(edit.changes ?? {}).map((uri) => path.basename(uri)).sort();
    assert.deepEqual(files, ['build.pkr.hcl', 'values.auto.pkrvars.hcl', 'variables.pkr.hcl']);
    assert.ok(Object.values(edit.changes!).flat().every((change) => change.newText === 'aws_region'));
  });

  it('renames a source in its declaration, the sources list and only lists', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: buildUri },
      position: positionOf(buildText, '"app"', 1),
      newName: 'web',
    });
    const changes = edit.changes![buildUri]!;
    assert.equal(changes.length, 3);
    const lines = changes.map((change) => change.range.start.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [0, 6, 9]);
  });

  it('finds references across files', async () => {
    const result = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: buildUri },
      position: positionOf(buildText, 'local.image_name', 7),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(result.map((location) => path.basename(location.uri)).sort(), ['build.pkr.hcl', 'variables.pkr.hcl']);
  });

  it('publishes an undeclared reference and clears it once declared', async () => {
    const uri = fileUri(path.join(FIXTURE, 'broken.pkr.hcl'));
    await client.open(uri, 'locals {\n  y = var.nope\n}\n');
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    const undeclared = diagnostics.find((d) => d.code === 'reference/undeclared-variable');
    assert.ok(undeclared, JSON.stringify(diagnostics));
    assert.deepEqual(undeclared.range.start, { line: 1, character: 10 });
    await client.change(uri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'variable "nope" {\n  default = 1\n}\n' }]);
    const fixed = await client.diagnosticsForVersion(uri, 2);
    assert.equal(fixed.filter((d) => d.code === 'reference/undeclared-variable').length, 0);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('re-analyses open siblings against the disk once an unsaved buffer is closed', async () => {
    const declaringUri = fileUri(path.join(FIXTURE, 'unsaved-declaration.pkr.hcl'));
    const usingUri = fileUri(path.join(FIXTURE, 'unsaved-use.pkr.hcl'));
    await client.open(declaringUri, 'variable "only_in_buffer" {\n  default = 1\n}\n');
    await client.open(usingUri, 'locals {\n  z = var.only_in_buffer\n}\n');
    const undeclared = (d: { code?: string | number }) => d.code === 'reference/undeclared-variable';
    const whileOpen = await client.waitForDiagnostics(usingUri, (published) => published.version === 1);
    assert.equal(whileOpen.diagnostics.filter(undeclared).length, 0, JSON.stringify(whileOpen.diagnostics));
    await client.notify('textDocument/didClose', { textDocument: { uri: declaringUri } });
    const afterClose = await client.waitForDiagnostics(usingUri, (published) => published.diagnostics.some(undeclared));
    assert.equal(afterClose.diagnostics.filter(undeclared).length, 1);
    await client.notify('textDocument/didClose', { textDocument: { uri: usingUri } });
  });

  it('lists workspace symbols from closed files', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'instance' });
    assert.ok(symbols.some((symbol) => symbol.name === 'var.instance_type' && symbol.location.uri === variablesUri));
  });

  it('returns semantic tokens', async () => {
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: buildUri } });
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
  });
});
