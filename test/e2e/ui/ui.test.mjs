// What a user sees: the packaged .vsix installed into a real VS Code workbench (code-server, driven through headless
// Debian chromium), the sample workspace open, a template opened from Quick Open.
// Run (after `npm run package`): node --test --test-concurrency=1 test/e2e/ui/ui.test.mjs
//   E2E_VSIX overrides the package (default dist-vsix/bilder.vsix).
// The steps share one page, so they run in order and later steps build on earlier ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LOGS, log, makeProfile, codeServerCli, startCodeServer, stopCodeServer, launchBrowser,
  openWorkbench, openFile, runCommand, readOutput, MOD,
} from '../harness/lib/code-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VSIX = path.resolve(process.env.E2E_VSIX || path.join(REPO, 'dist-vsix', 'bilder.vsix'));
const SAMPLE = path.join(REPO, 'examples', 'bilder');
const TEMPLATE = 'consul.pkr.hcl';

let profile, cs, browser, page, workspace;

before(async () => {
  assert.ok(fs.existsSync(VSIX), `no package at ${VSIX}: run npm run package (or set E2E_VSIX)`);
  profile = makeProfile({ prefix: 'ui-' });
  // A copy, so nothing the workbench or the test does can change examples/.
  workspace = path.join(profile.root, 'bilder');
  fs.cpSync(SAMPLE, workspace, { recursive: true });
  assert.match(codeServerCli(profile, ['--install-extension', VSIX]), /successfully installed/i);
  cs = await startCodeServer({ profile, folder: workspace, logName: 'code-server-ui.log' });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

after(async () => {
  if (page) await page.screenshot({ path: path.join(LOGS, 'ui-final.png') }).catch(() => {});
  if (browser) await browser.close();
  await stopCodeServer(cs);
  profile?.dispose();
});

function filesUnder(dir) {
  const found = [];
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop();
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      found.push(path.relative(dir, full));
      if (entry.isDirectory()) pending.push(full);
    }
  }
  return found;
}

test('the installed package carries the bundles and all three wasm files, and no node_modules', () => {
  const installed = fs.readdirSync(profile.ext).filter((name) => name.startsWith('bilder.bilder-'));
  assert.equal(installed.length, 1, `expected one installed Bilder, found: ${fs.readdirSync(profile.ext).join(', ')}`);
  const files = filesUnder(path.join(profile.ext, installed[0]));
  for (const required of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/tree-sitter-hcl.wasm',
    'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
    assert.ok(files.includes(required), `${required} is missing from the installed extension`);
  }
  assert.deepEqual(files.filter((file) => file.split(path.sep).includes('node_modules')), []);
  assert.deepEqual(files.filter((file) => file.endsWith('.ts') || file.endsWith('.map')), []);
});

test('the workbench opens the sample workspace', async () => {
  await openWorkbench(page, cs, workspace, 'src');
});

test('a .pkr.hcl opened with Quick Open is in Packer language mode', async () => {
  await openFile(page, TEMPLATE);
  await page.locator('.editor-instance .view-lines', { hasText: 'source "amazon-ebs" "consul"' }).first().waitFor({ timeout: 15000 });
  await page.locator('[id="status.editor.mode"]', { hasText: 'Packer' }).waitFor({ timeout: 15000 });
});

test('Bilder activated: its output channel shows the language server running', async () => {
  await runCommand(page, 'Bilder: Show Log');
  const text = await readOutput(page, 'ready', 60000);
  log('Bilder output:\n' + text);
  assert.match(text, /ready \(node v\d+/);
});

test('a syntax error typed into the template shows up in the Problems panel', async () => {
  await page.locator('.tabs-container .tab', { hasText: TEMPLATE }).first().click();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('oops');
  await runCommand(page, 'Focus Problems (Errors, Warnings, Infos)');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'syntax/' }).first();
  await row.waitFor({ timeout: 30000 });
  const label = (await row.getAttribute('aria-label')) ?? (await row.innerText());
  log('problem:', label);
  assert.match(await row.innerText(), /bilder/);
});

test('a misspelt attribute gets "Did you mean" from the light bulb (Ctrl+.), and choosing it fixes the line', async () => {
  await runCommand(page, 'File: Revert File');
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  // Go to `force_deregister`'s line and add a misspelt attribute below it, as a person would type it.
  // Quick Open's ":line" (the browser keeps Ctrl+G for itself).
  await page.keyboard.press(`${MOD}+P`);
  const goToLine = page.locator('.quick-input-widget .quick-input-box input');
  await goToLine.waitFor({ state: 'visible', timeout: 10000 });
  await goToLine.fill(':18');
  await page.keyboard.press('Enter');
  await goToLine.waitFor({ state: 'hidden', timeout: 10000 });
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const squiggles = page.locator('.editor-instance .squiggly-warning');
  const before = await squiggles.count();
  await page.keyboard.type('ebs_optimzed = true');
  const deadline = Date.now() + 30000;
  while ((await squiggles.count()) <= before) {
    assert.ok(Date.now() < deadline, 'the misspelt attribute gets a warning');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The value just typed may have left the suggestion list open (`true` is one of its items): close it first, as a
  // person would, so Home and Ctrl+. reach the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Home');
  await page.keyboard.press(`${MOD}+.`);
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Did you mean "ebs_optimized"?' }).first();
  await fix.waitFor({ timeout: 15000 });
  await page.screenshot({ path: path.join(LOGS, 'ui-quick-fix.png') });
  await fix.click();
  await page.locator('.editor-instance .view-lines', { hasText: 'ebs_optimized' }).first().waitFor({ timeout: 15000 });
  const text = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /ebs_optimized\s+= true/);
  assert.doesNotMatch(text, /ebs_optimzed/);
});

test('inlay hints show the value behind var.x beside the reference', async () => {
  // The locals at the top reference var.business_unit, whose default ("operations") lives in variables.pkr.hcl.
  await page.keyboard.press(`${MOD}+Home`);
  const lines = page.locator('.editor-instance .view-lines').first();
  await lines.filter({ hasText: '"operations"' }).waitFor({ timeout: 30000 });
  await page.screenshot({ path: path.join(LOGS, 'ui-inlay-hints.png') });
  assert.match((await lines.innerText()).replace(/\u00a0/g, ' '), /var\.business_unit\s*= "operations"/);
});
