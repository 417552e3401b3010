// The PyInfra the user runs, over stdio: with `bilder.pyinfra.python` naming an interpreter whose PyInfra is 2.9.2,
// the deploy features and diagnostics follow 2.9.2 and the client is told; in Restricted Mode no interpreter is run
// and the bundled 3.1.1 serves.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-protocol';
import { PYINFRA_STATUS_NOTIFICATION } from '../../protocol';
import type { PyinfraStatusParams } from '../../protocol';
import { LspClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const SHARED_PACKAGE = path.join(process.env.BILDER_SHARED ?? path.join(REPO_ROOT, '..', 'shared'), 'pyinfra-sources', 'v2.9.2', 'pyinfra');
const DEPLOY = 'from pyinfra.operations import server\nserver.shell(commands=["echo hi"], _if=[], _use_sudo_password=True)\n';

describe('the PyInfra the user runs, over stdio', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-pyinfra-versions-'));
  const marker = path.join(directory, 'interpreter-ran');
  const interpreter = path.join(directory, 'python');
  writeFileSync(interpreter, `#!/bin/sh\ntouch "${marker}"\necho '{"python": "3.11.2", "packageDir": "${SHARED_PACKAGE}", "version": "2.9.2"}'\n`);
  chmodSync(interpreter, 0o755);
  const deploy = fileUri(path.join(directory, 'image', 'deploy.py'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  async function startWith(trusted: boolean): Promise<{ client: LspClient; statuses: PyinfraStatusParams[] }> {
    const client = await LspClient.start({ rootPath: directory, initializationOptions: { trusted, settings: { pyinfra: { python: interpreter } } } });
    const statuses: PyinfraStatusParams[] = [];
    client.connection.onNotification(PYINFRA_STATUS_NOTIFICATION, (status: PyinfraStatusParams) => void statuses.push(status));
    await client.open(deploy, DEPLOY, 'python');
    return { client, statuses };
  }
  const messages = (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === 'pyinfra/other-version-argument').map((diagnostic) => diagnostic.message);

  it('reads the installed PyInfra 2.9.2 in a trusted workspace and checks against it', async (context) => {
    if (!existsSync(SHARED_PACKAGE)) return context.skip(`SKIPPED: ${SHARED_PACKAGE} is missing; set BILDER_SHARED to the team's shared/ folder`);
    const { client, statuses } = await startWith(true);
    try {
      const published = await client.waitForDiagnostics(deploy, (params) => messages(params.diagnostics).length > 0, 20_000);
      assert.deepEqual(messages(published.diagnostics), ['"_if" is a global argument of PyInfra 3.1.1 only; PyInfra 2.9.2 does not have it.']);
      assert.deepEqual(statuses, [{ version: '2.9.2', origin: 'installed', interpreter, packageDir: SHARED_PACKAGE }]);
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: deploy }, position: { line: 1, character: 35 } });
      const names = items.map((item) => item.label);
      assert.ok(names.includes('_precondition=') && !names.includes('_sudo_password='), '2.9.2 names its global arguments');
      const definition = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri: deploy }, position: { line: 1, character: 9 } });
      assert.equal(definition[0]!.uri, fileUri(path.join(SHARED_PACKAGE, 'operations', 'server.py')), 'server.shell opens in the installed PyInfra');
      assert.match(readFileSync(path.join(SHARED_PACKAGE, 'operations', 'server.py'), 'utf8').split('\n')[definition[0]!.range.start.line]!, /^def shell\(/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('runs no interpreter in Restricted Mode and serves the bundled 3.1.1', async () => {
    rmSync(marker, { force: true });
    const { client, statuses } = await startWith(false);
    try {
      const published = await client.waitForDiagnostics(deploy, (params) => messages(params.diagnostics).length > 0, 20_000);
      assert.deepEqual(messages(published.diagnostics), ['"_use_sudo_password" is how PyInfra 2.9.2 spells it; PyInfra 3.1.1 calls it "_sudo_password".']);
      assert.deepEqual(statuses, [{ version: '3.1.1', origin: 'bundled' }]);
      assert.equal(existsSync(marker), false, 'the interpreter never ran');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
