// Every deploy feature at every point of real deploys being typed: the cursor all over each file, and each file cut
// after every line and in the middle of it (a half-typed deploy), for both major versions.
// None may throw; the server guards them, but a throw would be a feature that silently stops working.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LanguageParser, loadGrammars } from '../../../server/src/parsing/treeSitter';
import { argumentCompletion, operationNameCompletion, pyinfraImportCompletion } from '../../../server/src/pyinfra/operationCompletion';
import { operationHover } from '../../../server/src/pyinfra/operationHover';
import { OPERATION_CALL_CHECKS } from '../../../server/src/pyinfra/rules/index';
import { operationCallsOf } from '../../../server/src/pyinfra/rules/operationCallChecks';
import { operationSignatureHelp } from '../../../server/src/pyinfra/signatureHelp';
import { REPO_ROOT } from '../../helpers/lspClient';
import { deployDocument, knowledgeOf } from './helpers';

const SHARED_EXAMPLES = path.join(process.env.BILDER_SHARED ?? path.join(REPO_ROOT, '..', 'shared'), 'pyinfra-sources', 'v2.9.2', 'examples');
/** The cursor every this many characters, and a cut at every this many lines: co-prime with common token lengths,
 * so over ~50 files the cursor lands in every kind of token, while the sweep stays a few seconds. */
const STEP = 29;
const LINE_STEP = 4;

function pythonFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const visit = (directory: string) => {
    for (const name of readdirSync(directory).sort()) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.py')) found.push(full);
    }
  };
  visit(root);
  return found;
}

describe('deploy features while a deploy is typed', () => {
  let python: LanguageParser;
  before(async () => {
    python = new LanguageParser((await loadGrammars()).python);
  });
  after(() => python.dispose());

  it('never throw anywhere in the sample, e2e and PyInfra example deploys, whole or cut', () => {
    const files = [...pythonFiles(path.join(REPO_ROOT, 'examples')), ...pythonFiles(path.join(REPO_ROOT, 'test', 'e2e', 'workspaces', 'pyinfra')), ...pythonFiles(SHARED_EXAMPLES)];
    const versions = [knowledgeOf('2.9.2'), knowledgeOf('3.1.1')];
    let checked = 0;
    const runAll = (current: ReturnType<typeof deployDocument>, line: string, withRules: boolean) => {
      for (const knowledge of versions) {
        pyinfraImportCompletion(line, knowledge);
        operationNameCompletion(line, current.tree, knowledge);
        argumentCompletion(current, knowledge);
        operationHover(current, knowledge);
        operationSignatureHelp(current, knowledge);
        if (!withRules) continue;
        const everyCall = operationCallsOf(current.tree, knowledge);
        for (const check of OPERATION_CALL_CHECKS) check({ document: current.document, knowledge, everyCall, calls: everyCall.filter((call) => call.imported) });
      }
      checked++;
    };
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // The whole file with the cursor everywhere, then the file cut after each line as it is being typed.
      const whole = deployDocument(python, text, file);
      try {
        for (let offset = 0; offset <= text.length; offset += STEP) {
          try {
            runAll({ ...whole, offset }, text.slice(0, offset).split('\n').pop()!, false);
          } catch (error) {
            assert.fail(`${path.relative(REPO_ROOT, file)} at offset ${offset}: ${(error as Error).stack}`);
          }
        }
      } finally {
        whole.tree.delete();
      }
      let lineNumber = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', end + 1)) {
        if (lineNumber++ % LINE_STEP !== 0) continue;
        // Half a line too: a call whose parenthesis is not closed yet.
        for (const cut of [end, Math.max(0, end - Math.floor((end - text.lastIndexOf('\n', end - 1)) / 2))]) {
          const current = deployDocument(python, `${text.slice(0, cut)}|`, file);
          try {
            runAll(current, text.slice(0, cut).split('\n').pop()!, true);
          } catch (error) {
            assert.fail(`${path.relative(REPO_ROOT, file)} cut at ${cut}: ${(error as Error).stack}`);
          } finally {
            current.tree.delete();
          }
        }
      }
    }
    assert.ok(checked > 500, `${checked} cursor positions checked`);
  });
});
