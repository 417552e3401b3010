// Writes the README's pictures from the real product: packages the built extension (dist/), installs it into the e2e
// harness's VS Code (code-server + headless chromium), opens a copy of the sample workspace examples/bilder and does
// what a user would: the walkthrough on first start, completion of a builder's attributes, a hover, a diagnostic with
// its quick fix, format on save before and after, and the Bilder Builds panel in the middle of a local build.
// Re-running it after a UI change refreshes every picture; it fails (exit 1) when any of them cannot be made.
// Usage: npm run --silent build && node scripts/screenshots.mjs      (BILDER_SCREENSHOTS=<dir> writes elsewhere)
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  LOGS, MOD, log, makeProfile, codeServerCli, startCodeServer, stopCodeServer, launchBrowser, openWorkbench, openFile, runCommand,
} from '../test/e2e/harness/lib/code-server.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const OUT = path.resolve(process.env.BILDER_SCREENSHOTS ?? path.join(REPO, 'docs', 'images'));
const SAMPLE = path.join(REPO, 'examples', 'bilder');
const STEP_TIMEOUT_MS = 30_000;

// The look of a fresh VS Code, minus what distracts from Bilder in a picture.
const SETTINGS = {
  'workbench.welcomePage.walkthroughs.openOnInstall': true,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.quickSuggestions': { other: true, comments: false, strings: false },
  'editor.hover.delay': 100,
  'workbench.editor.enablePreview': false,
  'bilder.build.confirm': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const editor = (page) => page.locator('.editor-instance .monaco-editor').first();

/** Puts the cursor at the first character of the first line of `file` (on disk) that contains `text`: Go to Line. */
async function cursorOnLine(page, file, text) {
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((candidate) => candidate.includes(text)) + 1;
  if (line === 0) throw new Error(`${path.basename(file)} has no line with ${text}`);
  await editor(page).locator('.view-lines').click();
  await page.keyboard.press(`${MOD}+G`);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Home');
}

/** Drops what a step typed and closes the editor, so the next step starts from the file on disk. */
async function revertAndClose(page) {
  await runCommand(page, 'View: Revert and Close Editor');
}

async function shoot(page, name, clip) {
  const file = path.join(OUT, name);
  // Let the last frame settle (cursor blink, widget fade-in) so a re-run gives the same picture.
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, clip });
  log('wrote', path.relative(REPO, file));
}

/** The whole window: pictures show Bilder where a user meets it, in the workbench. */
async function workbenchClip(page) {
  const box = await page.locator('.monaco-workbench').boundingBox();
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

/** A template as people paste it, written before VS Code starts so Quick Open knows it; its folder goes afterwards. */
function unformattedTemplate(workspace) {
  return path.join(workspace, 'src', 'bilder', 'images', 'web', 'web.pkr.hcl');
}

const UNFORMATTED = `variable "region" {
type = string
      default = "eu-west-1"
  description = "Where the image is built."
}

variable "instance_type" {
    type=string
  default =   "t3.micro"
}
`;

function consulTemplate(workspace) {
  return path.join(workspace, 'src', 'bilder', 'images', 'consul', 'consul.pkr.hcl');
}

const steps = {
  async walkthrough(page) {
    // Bilder starts with the workspace (it has templates) and, on its first start, opens the walkthrough.
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get Started with Bilder' });
    await walkthrough.waitFor({ timeout: 60_000 });
    await walkthrough.locator('.getting-started-step', { hasText: 'Open or create a Packer template' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // Without the side bar the page is wide enough for the step's text beside the step list, as on most screens.
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    // The step's text is markdown in a webview: an iframe holding the active frame.
    const stepText = page.frameLocator('.getting-started-media iframe').frameLocator('iframe').getByText('A typical layout');
    await stepText.waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, 'walkthrough.png', await workbenchClip(page));
    // The step's text is a webview that keeps F1 to itself: give the focus back to the workbench first.
    await page.locator('.tabs-container .tab').first().click();
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await runCommand(page, 'View: Close All Editors');
  },

  async completion(page, workspace) {
    await openFile(page, 'consul.pkr.hcl');
    await cursorOnLine(page, consulTemplate(workspace), 'ssh_interface');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ssh_');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget.visible');
    await suggest.locator('.monaco-list-row', { hasText: 'ssh_agent_auth' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // The details pane shows the selected attribute's type and documentation (Ctrl+Space toggles it).
    const details = page.locator('.suggest-details-container .suggest-details');
    const shown = () => details.waitFor({ timeout: 5_000 }).then(() => true, () => false);
    // Whether VS Code opens it by itself depends on what it remembers; the picture is still true without it.
    if (!(await shown())) {
      await page.keyboard.press('Control+Space');
      await shown();
    }
    await shoot(page, 'completion.png', await workbenchClip(page));
    await page.keyboard.press('Escape');
    await revertAndClose(page);
  },

  async hover(page, workspace) {
    await openFile(page, 'consul.pkr.hcl');
    await cursorOnLine(page, consulTemplate(workspace), 'force_deregister');
    // Over the middle of the attribute's name, which starts at the cursor.
    const cursor = await editor(page).locator('.cursors-layer .cursor').first().boundingBox();
    await page.mouse.move(cursor.x + 50, cursor.y + cursor.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'force_deregister' });
    await hover.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, 'hover.png', await workbenchClip(page));
    await page.mouse.move(0, 0);
    await revertAndClose(page);
  },

  async quickFix(page, workspace) {
    await openFile(page, 'consul.pkr.hcl');
    await cursorOnLine(page, consulTemplate(workspace), 'force_deregister');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('ami_regoins = ["eu-west-1"]');
    await runCommand(page, 'Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'ami_regoins' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await editor(page).locator('.view-lines').click();
    // The file on disk is unchanged, so its force_deregister line is the typed line in the editor.
    await cursorOnLine(page, consulTemplate(workspace), 'force_deregister');
    await page.keyboard.press(`${MOD}+.`);
    await page.locator('.action-widget', { hasText: 'Did you mean "ami_regions"?' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, 'quick-fix.png', await workbenchClip(page));
    await page.keyboard.press('Escape');
    await revertAndClose(page);
    await runCommand(page, 'View: Toggle Panel Visibility');
  },

  async formatOnSave(page, workspace) {
    const file = unformattedTemplate(workspace);
    await openFile(page, path.basename(file));
    await editor(page).locator('.view-line', { hasText: 'type=string' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // Only the editor's top, where the file is: the two pictures stand side by side in the README.
    const group = await page.locator('.editor-group-container').first().boundingBox();
    const clip = { x: group.x, y: group.y, width: Math.min(group.width, 640), height: 300 };
    await shoot(page, 'format-before.png', clip);
    await editor(page).locator('.view-lines').click();
    await page.keyboard.press(`${MOD}+S`);
    await waitFor(() => fs.readFileSync(file, 'utf8').includes('  type        = string'), 'the formatted file on disk');
    await page.locator('.tabs-container .tab:not(.dirty)', { hasText: path.basename(file) }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, 'format-after.png', clip);
    await runCommand(page, 'View: Close All Editors');
    fs.rmSync(path.dirname(file), { recursive: true });
  },

  async buildPanel(page) {
    await openFile(page, 'hello.pkr.hcl');
    await runCommand(page, 'Bilder: Build Image');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await input.fill('hello');
    // `hello` itself, not `hello_pyinfra`, which needs PyInfra installed.
    const image = page.locator('.quick-input-widget .monaco-list-row', { hasText: /^\s*hello(?!_)/ }).first();
    await image.waitFor({ timeout: STEP_TIMEOUT_MS });
    await image.click();
    // Older builds confirmed the command line in a dialog; today's in a quick pick that bilder.build.confirm skips.
    const run = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Run$/ });
    await run.waitFor({ timeout: 5_000 }).then(() => run.click(), () => undefined);
    // The build appears in the Bilder Builds panel at once; its second step takes fifteen seconds, long enough to
    // open the tree down to the running step and take the picture while the first step is done and the second runs.
    const panel = page.locator('.panel');
    const running = panel.locator('.monaco-list-row', { hasText: /hello.*running/ }).first();
    await running.waitFor({ timeout: 60_000 });
    for (let opened = 0; opened < 8; opened++) {
      const collapsed = panel.locator('.monaco-list-row .monaco-tl-twistie.collapsible.collapsed');
      if ((await collapsed.count()) === 0) break;
      await collapsed.first().click();
      // The children render after the click; the next round looks at them.
      await page.waitForTimeout(300);
    }
    await shoot(page, 'build-panel.png', await workbenchClip(page));
    if (!(await running.isVisible())) throw new Error('the build ended before its picture was taken (a slow machine?)');
  },
};

async function waitFor(condition, what, timeoutMs = STEP_TIMEOUT_MS) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  for (const bundle of ['extension.js', 'server.js', 'serverMain.js']) {
    if (!fs.existsSync(path.join(REPO, 'dist', bundle))) throw new Error(`dist/${bundle} is missing: run npm run --silent build first`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  const profile = makeProfile({ prefix: 'shots-', settings: SETTINGS });
  let cs;
  let browser;
  let page;
  const failures = [];
  try {
    const vsix = path.join(profile.root, 'bilder.vsix');
    await promisify(execFile)(process.execPath, [path.join(REPO, 'scripts', 'package.mjs')], { env: { ...process.env, BILDER_VSIX: vsix } });
    codeServerCli(profile, ['--install-extension', vsix]);
    // A copy, so nothing the workbench or a build does can change examples/.
    const workspace = path.join(profile.root, 'bilder');
    fs.cpSync(SAMPLE, workspace, { recursive: true });
    fs.mkdirSync(path.dirname(unformattedTemplate(workspace)), { recursive: true });
    fs.writeFileSync(unformattedTemplate(workspace), UNFORMATTED);
    cs = await startCodeServer({ profile, folder: workspace, logName: 'code-server-screenshots.log' });
    browser = await launchBrowser({ viewport: { width: 1280, height: 760 } });
    page = await browser.context.newPage();
    await openWorkbench(page, cs, workspace, 'src');
    for (const [name, step] of Object.entries(steps)) {
      const started = Date.now();
      try {
        await step(page, workspace);
        log(`${name}: ${Date.now() - started} ms`);
      } catch (error) {
        failures.push(name);
        log(`${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
        await page.screenshot({ path: path.join(LOGS, `screenshots-failed-${name}.png`) }).catch(() => undefined);
        // Leave the workbench as the next step expects it: no widget open, the failed step's edits dropped.
        await page.keyboard.press('Escape').catch(() => undefined);
        await page.keyboard.press('Escape').catch(() => undefined);
        await runCommand(page, 'View: Revert and Close Editor').catch(() => undefined);
      }
    }
  } finally {
    if (browser) await browser.close();
    await stopCodeServer(cs);
    profile.dispose();
  }
  if (failures.length > 0) {
    console.error(`screenshots: could not make ${failures.join(', ')} (what the page showed: ${LOGS}/screenshots-failed-*.png)`);
    process.exitCode = 1;
  } else {
    console.log(`screenshots: ${Object.keys(steps).length} steps, pictures in ${path.relative(REPO, OUT) || OUT}`);
  }
}

await main();
