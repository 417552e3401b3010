// The extensionTestsPath module (the @vscode/test-electron contract): VS Code's extension host calls run() and exits
// with its outcome. The build bundles this file into every suite folder of out/e2e/, so a suite is simply the
// *.test.js files bundled next to it: adding a test file to test/e2e/suite/<suite>/ is all a new test needs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Bounds a hung step; the first test of a suite also waits for the language server to start.
    timeout: Number(process.env.BILDER_E2E_TEST_TIMEOUT_MS ?? 60_000),
  });
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (testFiles.length === 0) return Promise.reject(new Error(`no *.test.js files next to ${__filename}`));
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
