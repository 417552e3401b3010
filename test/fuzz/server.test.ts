// Mutated corpus templates through the real server over stdio: every request answers within the deadline, the server
// never exits and never logs an unhandled error; whatever the formatter accepts keeps its tokens and is a fixed point.
//   BILDER_FUZZ_RUNS=2000 BILDER_FUZZ_SEED=7 [BILDER_FUZZ_DEADLINE_MS=1000] node scripts/run-tests.mjs test/fuzz
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { createHclFormatter, sameTokens } from '../../server/src/hcl/format';
import type { FormatResult } from '../../server/src/hcl/format';
import { LspClient } from '../helpers/lspClient';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, syntaxValidCorpusFiles } from '../helpers/shared';
import { Dice, mutate, seededRandom, singleEdit } from './mutations';
import type { Mutant } from './mutations';

const RUNS = Number(process.env.BILDER_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.BILDER_FUZZ_SEED ?? 20240607);
const DEADLINE_MS = Number(process.env.BILDER_FUZZ_DEADLINE_MS ?? 1000);
const UNHANDLED = /uncaught|unhandled|failed/i;
const LOG_ERROR = 1;

function corpus(): { file: string; text: string }[] {
  return syntaxValidCorpusFiles()
    .filter((file) => file.endsWith('.hcl'))
    .map((file) => ({ file, text: readFileSync(path.join(CORPUS_DIR, file), 'utf8') }));
}

function mutants(): Mutant[] {
  const files = corpus();
  const dice = new Dice(seededRandom(SEED));
  return Array.from({ length: RUNS }, (_, index) => mutate(index, files, dice));
}

/** Keeps a failing input on disk so it can be opened, minimised and turned into a regression test. */
function keep(mutant: Mutant): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-fuzz-'));
  const file = path.join(dir, `mutant-${mutant.index}.pkr.hcl`);
  writeFileSync(file, mutant.text);
  return `${file} (seed ${SEED}, #${mutant.index}, ${mutant.file}, ${mutant.applied.join('+')})`;
}

const HARD_LIMIT_MS = 30_000;

/**
 * Waits for the answer (up to a hard limit, so one slow input cannot hang the suite) and reports it when it came
 * after the deadline. Waiting it out keeps one slow mutant from being blamed on the mutants queued behind it.
 */
async function answered<T>(what: string, pending: Promise<T>, slow: string[]): Promise<T> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${HARD_LIMIT_MS} ms`)), HARD_LIMIT_MS);
  });
  try {
    return await Promise.race([pending, limit]);
  } finally {
    clearTimeout(timer);
    const elapsed = performance.now() - start;
    if (elapsed > DEADLINE_MS) slow.push(`${what} took ${Math.round(elapsed)} ms`);
  }
}

describe('fuzz: mutated corpus templates', { skip: SKIP_WITHOUT_SHARED }, () => {
  let inputs: Mutant[] = [];
  before(() => {
    inputs = mutants();
  });

  describe('through the server over stdio', () => {
    let client: LspClient;
    before(async () => {
      // The native engine only: `packer fmt` would add a process per request and measure Packer, not Bilder.
      client = await LspClient.start({
        capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
        initializationOptions: { trusted: true, settings: { format: { engine: 'native' } } },
      });
    });
    after(async () => {
      await client.stop();
    });

    it(`answers every request for ${RUNS} mutants in time and stays up (seed ${SEED})`, async () => {
      const failures: string[] = [];
      for (const mutant of inputs) {
        if (!client.alive) {
          failures.push(`server exited after ${keep(mutant)}`);
          break;
        }
        const original = inputs[mutant.index]!.file;
        const uri = `file:///fuzz/${mutant.index}/${path.basename(original)}`;
        const baseText = readFileSync(path.join(CORPUS_DIR, original), 'utf8');
        // Open the original and reach the mutant through an incremental edit: both the full and the incremental path.
        await client.open(uri, baseText);
        const document = TextDocument.create(uri, 'packer', 1, baseText);
        const edit = singleEdit(baseText, mutant.text);
        const change = { range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, text: edit.text };
        TextDocument.update(document, [change], 2);
        const text = document.getText();
        try {
          await client.change(uri, 2, [change]);
          const dice = new Dice(seededRandom(SEED + mutant.index));
          const position = document.positionAt(dice.int(text.length + 1));
          const slow: string[] = [];
          await answered('diagnostics', client.waitForDiagnostics(uri, (p) => p.version === 2, HARD_LIMIT_MS), slow);
          await answered('documentSymbol', client.request('textDocument/documentSymbol', { textDocument: { uri } }), slow);
          await answered('foldingRange', client.request('textDocument/foldingRange', { textDocument: { uri } }), slow);
          await answered('completion', client.request('textDocument/completion', { textDocument: { uri }, position }), slow);
          await answered('hover', client.request('textDocument/hover', { textDocument: { uri }, position }), slow);
          const edits = await answered(
            'formatting',
            client.request<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
            slow,
          );
          if (slow.length) failures.push(`over ${DEADLINE_MS} ms (${slow.join(', ')}): ${keep({ ...mutant, text })}`);
          if (edits && edits.length > 0) {
            const formatted = TextDocument.applyEdits(document, edits);
            if (!sameTokens(text, formatted)) failures.push(`formatting edits changed tokens: ${keep({ ...mutant, text })}`);
          }
        } catch (error) {
          failures.push(`${error instanceof Error ? error.message : String(error)}: ${keep({ ...mutant, text })}`);
        } finally {
          await client.notify('textDocument/didClose', { textDocument: { uri } });
        }
      }
      const logged = client.logs.filter((entry) => entry.type === LOG_ERROR || UNHANDLED.test(entry.message));
      assert.ok(client.alive, 'the server is still running');
      assert.deepEqual(failures, [], failures.join('\n'));
      assert.deepEqual(logged.map((entry) => entry.message.split('\n')[0]), [], logged.map((entry) => entry.message).join('\n---\n'));
    });
  });

  it('formatHcl keeps the tokens of every mutant it accepts and is idempotent', async (t) => {
    const format = await createHclFormatter();
    const failures: string[] = [];
    let accepted = 0;
    for (const mutant of inputs) {
      const result: FormatResult = format(mutant.text);
      if (result.kind === 'refused') {
        if (result.reason.startsWith('internal formatter error')) failures.push(`${result.reason}: ${keep(mutant)}`);
        continue;
      }
      accepted++;
      if (!sameTokens(mutant.text, result.text)) failures.push(`tokens changed: ${keep(mutant)}`);
      const again = format(result.text);
      if (again.kind !== 'formatted' || again.changed) failures.push(`not idempotent (${again.kind}): ${keep(mutant)}`);
    }
    t.diagnostic(`${accepted} of ${inputs.length} mutants still parse and were formatted`);
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.ok(accepted > 0, 'some mutants still parse, or the check proves nothing');
  });
});
