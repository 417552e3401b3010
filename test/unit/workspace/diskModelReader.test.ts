// Models of closed files: the worker thread (the bundle's dist/modelWorker.js) and the server's thread must give the
// same answers, and a worker that dies must cost nothing but speed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import type { Logger } from '../../../server/src/logger';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';
import { diskModelFromText, readDiskTextSync } from '../../../server/src/workspace/diskModel';
import type { DiskModelResult } from '../../../server/src/workspace/diskModel';
import { DiskModelReader } from '../../../server/src/workspace/diskModelReader';
import { REPO_ROOT } from '../../helpers/lspClient';
import { CORPUS_DIR, HAS_SHARED, validCorpusFiles } from '../../helpers/shared';

const BUILT_WORKER = path.join(REPO_ROOT, 'dist', 'modelWorker.js');

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (message: string) => warnings.push(message), error() {}, debug() {} } as unknown as Logger & { warnings: string[] };
}

describe('DiskModelReader', () => {
  let parsers: Parsers;
  let root: string;
  let uris: string[];
  before(async () => {
    parsers = await createParsers();
    root = mkdtempSync(path.join(os.tmpdir(), 'bilder-reader-'));
    const texts: Record<string, string> = {
      'a.pkr.hcl': 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n\nsource "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" { inline = ["echo ${var.region}"] }\n}\n',
      'b.pkrvars.hcl': 'region = "us-east-1"\n',
      'binary.pkr.hcl': 'variable "a" {}\u0000\n',
      'notes.txt': 'not packer',
    };
    if (HAS_SHARED) {
      for (const [index, file] of validCorpusFiles().filter((name) => name.endsWith('.pkr.hcl')).slice(0, 30).entries()) {
        texts[`corpus-${index}.pkr.hcl`] = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
      }
    }
    for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(root, name), text);
    uris = [...Object.keys(texts), 'missing.pkr.hcl'].map((name) => URI.file(path.join(root, name)).toString());
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const onThisThread = async (uri: string): Promise<DiskModelResult> => diskModelFromText(uri, readDiskTextSync(uri), parsers.hcl);
  /** Problems carry a stack trace, which differs by caller; their first line is the message. */
  const comparable = (results: DiskModelResult[]) => results.map((result) => ('problem' in result ? { problem: result.problem.split('\n')[0] } : result));

  it('reads what is on disk, and says why it cannot read the rest', () => {
    const directory = URI.file(root).toString();
    const all = [...uris, directory, `${directory}/unreadable.pkr.hcl/`];
    const reads = all.map((uri) => readDiskTextSync(uri));
    for (const [index, read] of reads.entries()) {
      const fsPath = URI.parse(all[index]!).fsPath;
      if ('text' in read) assert.equal(read.text, readFileSync(fsPath, 'utf8'), fsPath);
      else if ('problem' in read.result) assert.match(read.result.problem, /no such file|ENOENT/i, fsPath);
      else assert.deepEqual(read.result, { skipped: true }, fsPath);
    }
    assert.deepEqual(reads.at(-2), { result: { skipped: true } }, 'a directory is not a template');
    assert.ok(reads.some((read) => 'text' in read) && reads.some((read) => 'result' in read && 'problem' in read.result));
  });

  it('reads every file on the calling thread when there is no worker script (running from source)', async () => {
    const logger = recordingLogger();
    const reader = new DiskModelReader(parsers.hcl, logger, path.join(root, 'no-such-worker.js'));
    try {
      const results = await Promise.all(uris.map((uri) => reader.read(uri)));
      assert.deepEqual(comparable(results), comparable(await Promise.all(uris.map(onThisThread))));
      assert.ok('model' in results[0]!);
      assert.ok('skipped' in results[2]! && 'skipped' in results[3]!, 'binary and non-Packer files are left out');
      assert.ok('skipped' in results[uris.length - 1]! || 'problem' in results[uris.length - 1]!);
      assert.deepEqual(logger.warnings, []);
    } finally {
      reader.dispose();
    }
  });

  it('gives the same models from the bundled worker as from the server thread', { skip: existsSync(BUILT_WORKER) ? false : 'dist/modelWorker.js not built (node esbuild.mjs)' }, async () => {
    const logger = recordingLogger();
    const reader = new DiskModelReader(parsers.hcl, logger, BUILT_WORKER);
    try {
      const results = await Promise.all(uris.map((uri) => reader.read(uri)));
      assert.deepEqual(comparable(results), comparable(await Promise.all(uris.map(onThisThread))));
      assert.deepEqual(logger.warnings, []);
    } finally {
      reader.dispose();
    }
  });

  it('gives the same models from a worker started ahead of the files', { skip: existsSync(BUILT_WORKER) ? false : 'dist/modelWorker.js not built (node esbuild.mjs)' }, async () => {
    const logger = recordingLogger();
    const reader = new DiskModelReader(parsers.hcl, logger, BUILT_WORKER);
    try {
      reader.prepare();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const results = await Promise.all(uris.map((uri) => reader.read(uri)));
      assert.deepEqual(comparable(results), comparable(await Promise.all(uris.map(onThisThread))));
      assert.deepEqual(logger.warnings, []);
    } finally {
      reader.dispose();
    }
  });

  it('leaves indexing to the worker while the editor is active, and helps once it is quiet', { skip: existsSync(BUILT_WORKER) ? false : 'dist/modelWorker.js not built (node esbuild.mjs)' }, async () => {
    const many = mkdtempSync(path.join(os.tmpdir(), 'bilder-reader-many-'));
    const manyUris = Array.from({ length: 60 }, (_, index) => {
      const file = path.join(many, `t${index}.pkr.hcl`);
      writeFileSync(file, `variable "v${index}" {\n  default = "${index}"\n}\n\nsource "null" "s${index}" {\n  communicator = "none"\n}\n`);
      return URI.file(file).toString();
    });
    let editorActive = true;
    let hereParses = 0;
    const parse = parsers.hcl.parse.bind(parsers.hcl);
    parsers.hcl.parse = (...args) => (hereParses++, parse(...args));
    const reader = new DiskModelReader(parsers.hcl, recordingLogger(), BUILT_WORKER, () => (editorActive ? performance.now() : Number.NEGATIVE_INFINITY));
    try {
      const results = await Promise.all(manyUris.map((uri) => reader.read(uri)));
      assert.equal(hereParses, 0, 'nothing parsed on the server thread while messages kept arriving');
      assert.ok(results.every((result) => 'model' in result));
      editorActive = false;
      const quiet = await Promise.all(manyUris.map((uri) => reader.read(uri)));
      assert.ok(hereParses > 0, 'the server thread helps while the editor is quiet');
      assert.deepEqual(quiet, results);
    } finally {
      parsers.hcl.parse = parse;
      reader.dispose();
      rmSync(many, { recursive: true, force: true });
    }
  });

  it('shares one frozen object per position among the models it makes, which equal unshared ones', async () => {
    const reader = new DiskModelReader(parsers.hcl, recordingLogger(), path.join(root, 'no-such-worker.js'));
    try {
      const results = await Promise.all(uris.map((uri) => reader.read(uri)));
      assert.deepEqual(comparable(results), comparable(await Promise.all(uris.map(onThisThread))));
      const models = results.flatMap((result) => ('model' in result ? [result.model] : []));
      const byKey = new Map<string, object>();
      let positions = 0;
      const visit = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        if ('line' in value && 'character' in value) {
          positions++;
          assert.ok(Object.isFrozen(value));
          const key = `${String(value.line)}:${String(value.character)}`;
          assert.equal(byKey.get(key) ?? value, value, `one object for ${key}`);
          byKey.set(key, value);
          return;
        }
        for (const child of Object.values(value)) visit(child);
      };
      models.forEach(visit);
      assert.ok(positions > byKey.size, `${positions} positions, ${byKey.size} objects`);
    } finally {
      reader.dispose();
    }
  });

  it('reads what a crashed worker owed on the server thread and says so once', async () => {
    const crashing = path.join(root, 'crashing-worker.js');
    writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const logger = recordingLogger();
    const reader = new DiskModelReader(parsers.hcl, logger, crashing);
    try {
      const results = await Promise.all(uris.map((uri) => reader.read(uri)));
      assert.deepEqual(comparable(results), comparable(await Promise.all(uris.map(onThisThread))));
      assert.equal(logger.warnings.length, 1);
      assert.match(logger.warnings[0]!, /indexing worker stopped/);
    } finally {
      reader.dispose();
    }
  });
});
