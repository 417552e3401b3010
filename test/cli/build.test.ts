// `bilder build` from a terminal: images named as the editor's picker names them, the text summary a person reads at
// the end (PyInfra's counts, the failing operation's output, the error), and one clear message when pyinfra is missing.
// Runs the built dist/cli.js and the real Packer 1.6.6 with `null` sources (skipped without packer).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/lspClient';
import { HAS_PACKER } from '../helpers/packer';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const REPLAY = path.join(REPO_ROOT, 'test', 'e2e', 'workspaces', 'imageBuilds', 'images', 'replay');

async function bilder(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bilder build', { skip: HAS_PACKER ? false : 'packer not installed' }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'bilder-cli-build-'));
  const storage = path.join(root, 'storage');
  const images = path.join(root, 'src', 'bilder', 'images');
  cpSync(REPLAY, path.join(images, 'replay'), { recursive: true });
  mkdirSync(path.join(images, 'nopyinfra'), { recursive: true });
  writeFileSync(
    path.join(images, 'nopyinfra', 'nopyinfra.pkr.hcl'),
    'source "null" "local" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.local"]\n\n  provisioner "shell-local" {\n    inline = ["pyinfra -y @local deploy.py 2>&1"]\n  }\n}\n',
  );
  // The builds' logs go to a folder of this test, not the user's.
  const env = { XDG_STATE_HOME: storage, TMPDIR: storage };
  mkdirSync(storage, { recursive: true });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists the images and builds one by the name the picker shows, ending with PyInfra’s counts and the failure', async () => {
    const listed = await bilder(['build', '--list'], root, env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').map((line) => line.split('\t')[0]), ['nopyinfra', 'replay']);

    const run = await bilder(['build', 'replay', '--var', 'transcript=pyinfra_v3.1.1_fail.stderr', '--var', 'pause_seconds=0', '--var', 'exit_code=1'], root, env);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /--> Starting operation: Step that fails/, 'Packer’s output, decoded');
    const summary = run.stderr.slice(run.stderr.lastIndexOf('\n\n'));
    assert.match(summary, /✖ null\.replay: \[@local\] Step that fails: Error: executed 1 commands\n {4}│ this-goes-to-stderr\n {4}│ about to fail/);
    assert.match(summary, /✖ null\.replay: pyinfra error: No hosts remaining!/);
    assert.match(summary, /✖ null\.replay failed after .*: Script exited with non-zero exit status: 1/);
    assert.match(summary, /✖ build failed in \d+\.\d s\nlog: /);
  });

  it('prints PyInfra’s counts for a successful run', async () => {
    const run = await bilder(['build', 'replay', '--var', 'pause_seconds=0'], root, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /null\.replay: PyInfra ran 5 operations: 4 changed, 1 no change, 0 errors\n✔ null\.replay succeeded/);
  });

  it('says once and clearly that pyinfra is missing', async () => {
    // A PATH without pyinfra, whatever this machine has installed: packer is given by its full path.
    const emptyBin = path.join(root, 'bin');
    mkdirSync(emptyBin, { recursive: true });
    const packer = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
    const run = await bilder(['build', 'nopyinfra', '--packer', packer], root, { ...env, PATH: emptyBin });
    assert.equal(run.code, 1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('✖ null.local:'));
    assert.deepEqual(errors, ['✖ null.local: pyinfra is not installed where Packer runs: the provisioner\'s shell found no "pyinfra" command']);
    assert.match(run.stderr, /hint \(null\.local\): PyInfra is not installed/);
    assert.doesNotMatch(run.stderr, /No artifact was created/);
  });

  it('names the images it knows when the name matches none', async () => {
    const run = await bilder(['build', 'nope'], root, env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nope: not a directory or an image name\. Images under .*:\n {2}nopyinfra {2}\(src\/bilder\/images\/nopyinfra\)\n {2}replay {2}\(src\/bilder\/images\/replay\)/);
  });
});
