// Trees are freed: 10,000 edits to an open template leave the server's resident memory where it was. A leaked tree
// of this template costs ≈150 KB, so a leak would show as more than a gigabyte, far beyond the bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lspClient';
import { HAS_PROC, rssMb } from './processes';

const EDITS = 10_000;
const BATCH = 100;
/** Allowed growth after warm-up: V8 and the wasm heap settle in steps; a real leak is orders of magnitude larger. */
const BOUND_MB = 40;

function template(): string {
  const blocks: string[] = [];
  for (let i = 0; i < 8; i++) {
    blocks.push(`variable "name_${i}" {\n  type    = string\n  default = "value-${i}"\n}\n\nsource "amazon-ebs" "image_${i}" {\n  region   = "us-east-1"\n  ami_name = "\${var.name_${i}}"\n}\n`);
  }
  return `${blocks.join('\n')}\nbuild {\n  sources = ["source.amazon-ebs.image_0"]\n}\n`;
}

describe('memory over many edits', { skip: HAS_PROC ? false : 'needs /proc' }, () => {
  it(`stays flat over ${EDITS} edits (RSS within ${BOUND_MB} MB)`, async (t) => {
    const client = await LspClient.start();
    try {
      const uri = 'file:///hygiene/memory.pkr.hcl';
      const text = template();
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const document = TextDocument.create(uri, 'packer', 1, text);
      const at = document.positionAt(text.indexOf("value-4"));
      const after = { line: at.line, character: at.character + 1 };
      let version = 1;
      const edit = async (count: number) => {
        for (let sent = 0; sent < count; sent += BATCH) {
          for (let i = 0; i < BATCH; i++) {
            version++;
            // Type and delete one character, so the text (and what it should cost) stays the same.
            const change = version % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: after }, text: '' };
            void client.change(uri, version, [change]);
          }
          await client.waitForDiagnostics(uri, (p) => p.version === version, 30_000);
        }
      };
      // Warm-up: V8 sizes its heap generations in the first thousands of edits; that growth is not a leak.
      await edit(2000);
      const before = rssMb(client.process.pid!);
      const samples: string[] = [];
      for (let done = 0; done < EDITS; done += EDITS / 5) {
        await edit(EDITS / 5);
        samples.push(rssMb(client.process.pid!).toFixed(1));
      }
      const afterEdits = rssMb(client.process.pid!);
      t.diagnostic(`server RSS ${before.toFixed(1)} MB, then every ${EDITS / 5} edits: ${samples.join(', ')} MB`);
      assert.ok(afterEdits - before <= BOUND_MB, `RSS grew from ${before.toFixed(1)} MB to ${afterEdits.toFixed(1)} MB`);
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });
});
