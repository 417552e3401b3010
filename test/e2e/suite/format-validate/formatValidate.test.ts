import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, bilderDiagnostics, openInEditor, replaceText, revertAndCloseAll, waitForDiagnostics, workspaceFile } from '../helpers';

// Saving writes to disk, so every test works on copies under scratch/ (git-ignored, removed afterwards); the
// fixtures/ files stay as they are. The expected texts are what `packer fmt` 1.6.6 writes for the messy fixtures.
const PACKER_VALIDATE = 'packer validate';
const UNKNOWN_PROVISIONER = /Unknown provisioner type "pyinfra"/;
const PYINFRA_PROVISIONER = '\n  provisioner "pyinfra" {\n    inline = ["x"]\n  }\n';
const CLEAN_TEMPLATE = 'source "null" "example" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.example"]\n}\n';

async function fixture(name: string): Promise<string> {
  return fs.readFile(workspaceFile(`fixtures/${name}`).fsPath, 'utf8');
}

/** Writes `files` into a fresh scratch/<name>/ directory (one template directory per test) and returns its URI. */
async function scratchDirectory(name: string, files: Record<string, string>): Promise<vscode.Uri> {
  const directory = workspaceFile(`scratch/${name}`);
  await fs.rm(directory.fsPath, { recursive: true, force: true });
  await fs.mkdir(directory.fsPath, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    const target = vscode.Uri.joinPath(directory, file);
    await fs.mkdir(vscode.Uri.joinPath(target, '..').fsPath, { recursive: true });
    await fs.writeFile(target.fsPath, text);
  }
  return directory;
}

async function setBilder(section: string, value: unknown): Promise<void> {
  // User settings of the throw-away profile: a workspace setting would write .vscode/ into the fixture folder.
  await vscode.workspace.getConfiguration('bilder').update(section, value, vscode.ConfigurationTarget.Global);
}

/** Makes the buffer dirty the way typing would (a space before the first `=`): a save of a clean buffer formats nothing. */
async function touch(document: vscode.TextDocument): Promise<void> {
  const at = document.positionAt(document.getText().indexOf('='));
  await replaceText(document, new vscode.Range(at, at), ' ');
}

const fromPackerValidate = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => d.source === PACKER_VALIDATE);

suite('Format and validate with Packer', () => {
  suiteSetup(activateBilder);
  teardown(async () => {
    await revertAndCloseAll();
    for (const setting of ['format.engine', 'validate.onSave']) await setBilder(setting, undefined);
  });
  suiteTeardown(() => fs.rm(workspaceFile('scratch').fsPath, { recursive: true, force: true }));

  test('format on save is on by default for Packer templates and variable files', () => {
    for (const languageId of ['packer', 'packervars']) {
      assert.equal(vscode.workspace.getConfiguration('editor', { languageId }).get('formatOnSave'), true, `editor.formatOnSave for ${languageId}`);
    }
  });

  for (const engine of ['native', 'packer'] as const) {
    test(`saving a messy template writes packer fmt's output (bilder.format.engine = ${engine})`, async () => {
      await setBilder('format.engine', engine);
      await setBilder('validate.onSave', 'off');
      const directory = await scratchDirectory(`save-${engine}`, {
        'main.pkr.hcl': await fixture('messy.pkr.hcl'),
        'dev.pkrvars.hcl': await fixture('messy.pkrvars.hcl'),
      });
      for (const [file, expected] of [
        ['main.pkr.hcl', 'expected.pkr.hcl.txt'],
        ['dev.pkrvars.hcl', 'expected.pkrvars.hcl.txt'],
      ] as const) {
        const { document } = await openInEditor(vscode.Uri.joinPath(directory, file));
        await touch(document);
        assert.ok(await document.save(), `VS Code did not save ${file}`);
        const want = await fixture(expected);
        assert.equal(document.getText(), want, `${file} in the editor after save`);
        assert.equal(await fs.readFile(document.uri.fsPath, 'utf8'), want, `${file} on disk after save`);
      }
    });
  }

  test('saving runs the real packer validate, whose error Bilder itself does not report, as source "packer validate"', async () => {
    await setBilder('validate.onSave', 'full');
    const directory = await scratchDirectory('validate-on-save', { 'main.pkr.hcl': CLEAN_TEMPLATE });
    const { document } = await openInEditor(vscode.Uri.joinPath(directory, 'main.pkr.hcl'));
    const buildEnd = document.positionAt(document.getText().lastIndexOf('}'));
    await replaceText(document, new vscode.Range(buildEnd, buildEnd), PYINFRA_PROVISIONER.slice(1));
    assert.ok(await document.save(), 'VS Code did not save main.pkr.hcl');

    const diagnostics = await waitForDiagnostics(
      document.uri,
      (found) => fromPackerValidate(found).some((d) => UNKNOWN_PROVISIONER.test(d.message)),
      `a ${PACKER_VALIDATE} diagnostic for the unknown provisioner`,
    );
    const reported = fromPackerValidate(diagnostics).find((d) => UNKNOWN_PROVISIONER.test(d.message))!;
    assert.equal(reported.range.start.line, document.positionAt(document.getText().indexOf('provisioner "pyinfra"')).line);
    assert.equal(reported.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(!bilderDiagnostics(document.uri).some((d) => UNKNOWN_PROVISIONER.test(d.message)), 'Bilder reports this itself; pick another packer-only error');

    // Fixing the template and saving again clears what packer validate said.
    const start = document.positionAt(document.getText().indexOf('  provisioner "pyinfra"'));
    const end = document.positionAt(document.getText().indexOf('}\n', document.getText().indexOf('provisioner "pyinfra"')) + 2);
    await replaceText(document, new vscode.Range(start, end), '');
    assert.ok(await document.save(), 'VS Code did not save the fix');
    await waitForDiagnostics(document.uri, (found) => fromPackerValidate(found).length === 0, `no ${PACKER_VALIDATE} diagnostic after the fix`);
  });

  test('"Bilder: Validate Template" validates the template\'s directory on request', async () => {
    await setBilder('validate.onSave', 'off');
    const broken = CLEAN_TEMPLATE.replace(/\}\n$/, `${PYINFRA_PROVISIONER.slice(1)}}\n`);
    const directory = await scratchDirectory('validate-command', { 'main.pkr.hcl': broken });
    const { document } = await openInEditor(vscode.Uri.joinPath(directory, 'main.pkr.hcl'));
    assert.equal(fromPackerValidate(vscode.languages.getDiagnostics(document.uri)).length, 0, 'nothing validated yet');

    await vscode.commands.executeCommand('bilder.validateTemplate', document.uri);
    await waitForDiagnostics(
      document.uri,
      (found) => fromPackerValidate(found).some((d) => UNKNOWN_PROVISIONER.test(d.message)),
      `the ${PACKER_VALIDATE} diagnostic after the command`,
    );
  });

  test('"Bilder: Format All Templates" formats and saves every template and variable file under a folder', async () => {
    const directory = await scratchDirectory('format-all', {
      'main.pkr.hcl': await fixture('messy.pkr.hcl'),
      'nested/other.pkr.hcl': await fixture('messy.pkr.hcl'),
      'dev.pkrvars.hcl': await fixture('messy.pkrvars.hcl'),
    });

    await vscode.commands.executeCommand('bilder.formatAllTemplates', directory);
    const expectedTemplate = await fixture('expected.pkr.hcl.txt');
    assert.equal(await fs.readFile(vscode.Uri.joinPath(directory, 'main.pkr.hcl').fsPath, 'utf8'), expectedTemplate);
    assert.equal(await fs.readFile(vscode.Uri.joinPath(directory, 'nested/other.pkr.hcl').fsPath, 'utf8'), expectedTemplate);
    assert.equal(await fs.readFile(vscode.Uri.joinPath(directory, 'dev.pkrvars.hcl').fsPath, 'utf8'), await fixture('expected.pkrvars.hcl.txt'));
  });
});
