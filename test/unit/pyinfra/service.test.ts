// The PyInfra service's background answers reanalyse only the documents that used them, and the answers kept stay
// bounded however many path prefixes are typed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { Refreshing, asPyinfraService, createPyinfraService } from '../../../server/src/pyinfra/service';
import { PyinfraLinks } from '../../../server/src/pyinfra/links';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import type { OpenDocuments } from '../../../server/src/workspace/openDocuments';

const quietLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Refreshing answers', () => {
  it('tells only the documents that peeked, and nobody for an answer only awaited', async () => {
    const told: string[][] = [];
    const answers = new Refreshing<number>((uris) => told.push(uris));
    assert.equal(answers.peek('k', async () => 1, 'file:///a.py'), undefined);
    answers.peek('k', async () => 1, 'file:///b.py');
    await until(() => told.length > 0, 'the first answer');
    assert.deepEqual(told, [['file:///a.py', 'file:///b.py']]);
    assert.equal(answers.peek('k', async () => 2, 'file:///a.py'), 1);
    assert.equal(await answers.get('other', async () => 3), 3);
    assert.deepEqual(told, [['file:///a.py', 'file:///b.py']]);
  });

  it('keeps the most recently used entries only', async () => {
    const answers = new Refreshing<boolean>(() => undefined, 3);
    for (const key of ['f', 'fi', 'fil', 'file']) await answers.get(key, async () => false);
    assert.equal(answers.size, 3);
    answers.peek('fi', async () => true, 'file:///a.py');
    await answers.get('files', async () => false);
    assert.equal(answers.peek('fi', async () => true, 'file:///a.py'), false, 'a used entry survives');
    assert.equal(answers.peek('fil', async () => true, 'file:///a.py'), undefined, 'the least recently used was evicted');
  });
});

describe('PyInfra service reanalysis', () => {
  let parsers: Parsers;
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-pyinfra-service-'));
  before(async () => {
    parsers = await createParsers();
    mkdirSync(path.join(directory, 'image'));
  });
  after(() => {
    rmSync(directory, { recursive: true, force: true });
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  it('reanalyses the document whose path is being typed, not every open document', async () => {
    const reanalyzed: (readonly string[] | undefined)[] = [];
    const service = createPyinfraService({
      documents: { all: () => [] } as unknown as OpenDocuments,
      logger: quietLogger,
      settings: () => DEFAULT_SETTINGS,
      reanalyze: (uris) => void reanalyzed.push(uris),
      parsers,
      links: new PyinfraLinks(async () => parsers, { openText: () => undefined }),
      pythonProbe: async (interpreter) => ({ kind: 'failed', interpreter, message: 'not asked here' }),
    });
    const uri = URI.file(path.join(directory, 'image', 'deploy.py')).toString();
    for (const typed of ['f', 'fi', 'fil', 'files/a.conf']) {
      const text = `from pyinfra.operations import files\nfiles.put(src="${typed}", dest="/etc/a.conf")\n`;
      const tree = parsers.python.parse(text);
      try {
        service.diagnose!({ document: TextDocument.create(uri, 'python', 1, text), kind: 'python', tree });
      } finally {
        tree.delete();
      }
    }
    // The catalogue's first load reanalyses everything once (a new PyInfra serves every deploy); the bundled one
    // loads fast without an interpreter to ask, so it may land in between. Every path answer is for this document.
    const pathAnswers = () => reanalyzed.filter((uris) => uris !== undefined);
    await until(() => pathAnswers().length >= 4, 'the existence answers');
    assert.ok(reanalyzed.filter((uris) => uris === undefined).length <= 1, JSON.stringify(reanalyzed));
    assert.ok(pathAnswers().every((uris) => uris?.length === 1 && uris[0] === uri), JSON.stringify(reanalyzed));
  });

  it('runs no interpreter when nobody said the workspace is trusted', async () => {
    const asked: string[] = [];
    const work: Promise<unknown>[] = [];
    const service = createPyinfraService({
      documents: { all: () => [] } as unknown as OpenDocuments,
      logger: quietLogger,
      settings: () => DEFAULT_SETTINGS,
      reanalyze: () => undefined,
      background: (pending) => void work.push(pending),
      parsers,
      links: new PyinfraLinks(async () => parsers, { openText: () => undefined }),
      pythonProbe: async (interpreter) => (asked.push(interpreter), { kind: 'no-pyinfra', interpreter, python: '3.12.0' }),
    });
    const uri = URI.file(path.join(directory, 'image', 'deploy.py')).toString();
    const text = 'from pyinfra.operations import apt\napt.packages(packages=["curl"])\n';
    const tree = parsers.python.parse(text);
    try {
      service.diagnose!({ document: TextDocument.create(uri, 'python', 1, text), kind: 'python', tree });
    } finally {
      tree.delete();
    }
    await until(() => work.length > 0, 'the catalogue look-up');
    await Promise.all(work);
    assert.equal(asPyinfraService(service)?.pyinfraStatus()?.origin, 'bundled');
    assert.deepEqual(asked, []);
  });
});
