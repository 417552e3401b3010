// Completion over stdio as VS Code asks for it while a person types: each didChange followed at once by a completion
// request, in a new block that is never well formed until its last keystroke.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, SignatureHelp } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'packer', 'multi-file');

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

describe('completion while typing, over stdio', () => {
  let client: LspClient;
  const uri = fileUri(path.join(FIXTURE, 'typing-scratch.pkr.hcl'));
  let text = '';
  let version = 1;

  /** Types `keys` at the end of the document, one didChange per key, asking for completion after each without waiting. */
  async function typeAndComplete(keys: string): Promise<string[][]> {
    const answers: Promise<CompletionItem[] | CompletionList | null>[] = [];
    for (const key of keys) {
      const lines = text.split('\n');
      const at = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
      text += key;
      version++;
      void client.change(uri, version, [{ range: { start: at, end: at }, text: key }]);
      const after = key === '\n' ? { line: at.line + 1, character: 0 } : { line: at.line, character: at.character + 1 };
      answers.push(client.request('textDocument/completion', { textDocument: { uri }, position: after }));
    }
    return (await Promise.all(answers)).map(labels);
  }

  before(async () => {
    client = await LspClient.start({ rootPath: FIXTURE });
    await client.open(uri, text);
  });
  after(async () => {
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    assert.equal(await client.stop(), 0);
  });

  it('offers the source type, then its attributes, then a value, at every keystroke of a new block', async () => {
    const typeLabel = await typeAndComplete('source "amazon-e');
    assert.ok(typeLabel.at(-1)!.includes('amazon-ebs'), `type labels: ${typeLabel.at(-1)!.slice(0, 10).join(', ')}`);
    const names = await typeAndComplete('bs" "x" {\n  ami_v');
    assert.ok(names.at(-1)!.includes('ami_virtualization_type'), `names: ${names.at(-1)!.slice(0, 10).join(', ')}`);
    assert.ok(!names.at(-1)!.includes('variable'), 'no top-level keywords inside the unclosed block');
    const values = await typeAndComplete('irtualization_type = "');
    assert.deepEqual(values.at(-1), ['hvm', 'paravirtual']);
    const bool = await typeAndComplete('hvm"\n  ebs_optimized = ');
    assert.deepEqual(bool.at(-1)!.slice(0, 2), ['true', 'false']);
  });

  it('answers a completion that arrives during a keystroke\'s slow reparse before that keystroke\'s analysis ends', async () => {
    const slowUri = fileUri(path.join(FIXTURE, 'typing-slow-scratch.pkr.hcl'));
    // Uncommenting the last line leaves a name followed by a long run of blanks: hundreds of milliseconds of
    // tree-sitter error recovery, which the server does in slices with requests answered in between.
    const slowText = `source "amazon-ebs" "x" {\n  \n}\n#name${' '.repeat(3000)}\n`;
    await client.open(slowUri, slowText);
    await client.diagnosticsForVersion(slowUri, 1);
    const order: string[] = [];
    const diagnosed = client.diagnosticsForVersion(slowUri, 2).then(() => order.push('diagnostics'));
    void client.change(slowUri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: '' }]);
    // Late enough that the reparse has begun: the request arrives while it runs.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const answer = client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: slowUri }, position: { line: 1, character: 2 } });
    const names = labels(await answer);
    order.push('completion');
    await diagnosed;
    await client.notify('textDocument/didClose', { textDocument: { uri: slowUri } });
    assert.ok(names.includes('ami_name'), `names: ${names.slice(0, 10).join(', ')}`);
    assert.deepEqual(order, ['completion', 'diagnostics']);
  });

  it('gives signature help in a call that is not closed yet', async () => {
    await typeAndComplete('true\n  ami_name = join("-", ');
    const lines = text.split('\n');
    const help = await client.request<SignatureHelp | null>('textDocument/signatureHelp', {
      textDocument: { uri },
      position: { line: lines.length - 1, character: lines[lines.length - 1]!.length },
    });
    assert.match(help?.signatures[0]?.label ?? '', /^join\(/);
    assert.equal(help?.activeParameter, 1);
  });
});
