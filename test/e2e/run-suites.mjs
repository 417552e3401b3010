// Runs bundled e2e suites (node test/e2e/build.mjs first) through unmodified @vscode/test-electron runTests(), with the
// harness shim standing in for the VS Code executable: each suite gets a fresh code-server, its own fixture workspace
// (test/e2e/workspaces/<suite>) and a throw-away profile.
// Usage: node test/e2e/run-suites.mjs [suite...]      (default: every suite in out/e2e/)
// The shim prints `ext-tests: N passed, M failed` per suite; the exit code is non-zero if any suite failed.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(E2E, '..', '..');
const OUT = path.join(REPO, 'out', 'e2e');
const SHIM = path.join(E2E, 'harness', 'code-shim.sh');

const available = existsSync(OUT) ? readdirSync(OUT).filter((name) => existsSync(path.join(OUT, name, 'index.js'))).sort() : [];
const requested = process.argv.slice(2);
const unknown = requested.filter((suite) => !available.includes(suite));
if (available.length === 0 || unknown.length > 0) {
  console.error(`e2e: ${unknown.length ? `unknown suite(s) ${unknown.join(', ')}; ` : ''}built suites: ${available.join(', ') || 'none (run node test/e2e/build.mjs)'}`);
  process.exit(2);
}

// test-electron handles SIGINT itself (it forwards it to the shim, which stops code-server); other signals end this
// process at once, so only the throw-away profile is left to remove.
let profile;
process.on('exit', () => profile && rmSync(profile, { recursive: true, force: true }));
for (const [signal, number] of [['SIGTERM', 15], ['SIGHUP', 1]]) process.on(signal, () => process.exit(128 + number));

let failed = 0;
for (const suite of requested.length ? requested : available) {
  const workspace = path.join(E2E, 'workspaces', suite);
  if (!existsSync(workspace)) {
    console.error(`e2e: suite ${suite} has no fixture workspace at ${path.relative(REPO, workspace)}`);
    failed++;
    continue;
  }
  // Outside the repository (runTests would otherwise use ./.vscode-test) and short: unix socket paths under a
  // user-data-dir are limited to 107 bytes.
  profile = mkdtempSync(path.join(os.tmpdir(), 'bx-'));
  const started = Date.now();
  console.log(`\n=== e2e suite ${suite}`);
  try {
    await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(OUT, suite, 'index.js'),
      launchArgs: [workspace, `--user-data-dir=${path.join(profile, 'u')}`, `--extensions-dir=${path.join(profile, 'e')}`],
      extensionTestsEnv: {
        E2E_LOGS: process.env.E2E_LOGS ?? path.join(E2E, 'harness', '.logs', suite),
        // User settings that must be in place before VS Code starts (machine-scoped ones cannot come from the workspace).
        ...(existsSync(path.join(E2E, 'suite', suite, 'user-settings.json')) && { E2E_USER_SETTINGS: path.join(E2E, 'suite', suite, 'user-settings.json') }),
      },
    });
  } catch (error) {
    failed++;
    console.error(`e2e: suite ${suite} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
    profile = undefined;
    console.log(`=== e2e suite ${suite} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
