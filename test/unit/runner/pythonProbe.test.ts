// The interpreter probe: one short process whose answer becomes found / no-pyinfra / one clear failure. Fake
// interpreters (shell scripts) stand in for Python, so the test needs no PyInfra and is exact about what was run.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { probePyinfra } from '../../../server/src/runner/pythonProbe';

const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-python-probe-'));

function fakePython(name: string, script: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('PyInfra interpreter probe', () => {
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('reports the package directory and version the interpreter gives, from a private directory', async () => {
    const marker = path.join(directory, 'cwd-seen');
    const python = fakePython('found', `pwd > "${marker}"; [ "$1" = "-c" ] || exit 9; echo '{"python": "3.12.1", "packageDir": "/opt/venv/lib/pyinfra", "version": "3.1.1"}'`);
    assert.deepEqual(await probePyinfra(python), { kind: 'found', interpreter: python, python: '3.12.1', packageDir: '/opt/venv/lib/pyinfra', version: '3.1.1' });
    assert.ok(existsSync(marker));
  });

  it('tells an interpreter without PyInfra from one that fails', async () => {
    const without = fakePython('without', `echo '{"python": "3.11.2"}'`);
    assert.deepEqual(await probePyinfra(without), { kind: 'no-pyinfra', interpreter: without, python: '3.11.2' });
    const broken = fakePython('broken', 'echo "SyntaxError: bad" >&2; exit 1');
    assert.deepEqual(await probePyinfra(broken), { kind: 'failed', interpreter: broken, message: `${broken} exited with 1: SyntaxError: bad` });
    const garbled = fakePython('garbled', 'echo hello');
    assert.equal((await probePyinfra(garbled)).kind, 'failed');
    const missing = path.join(directory, 'no-such-python');
    assert.deepEqual(await probePyinfra(missing), { kind: 'failed', interpreter: missing, message: `${missing} was not found` });
  });

  it('gives up after its timeout and leaves no process behind', async () => {
    const pidFile = path.join(directory, 'slow.pid');
    const slow = fakePython('slow', `echo $$ > "${pidFile}"; sleep 30`);
    const started = Date.now();
    const result = await probePyinfra(slow, { timeoutMs: 300 });
    assert.deepEqual(result, { kind: 'failed', interpreter: slow, message: `${slow} did not answer within 300 ms` });
    assert.ok(Date.now() - started < 5000);
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    assert.throws(() => process.kill(pid, 0), 'the fake interpreter was killed');
  });
});
