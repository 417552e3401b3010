import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder, bilderExtension, revertAndCloseAll } from '../helpers';
import { tabLabels, walkthroughRecordedAsShown, walkthroughTabs, waitForTabs } from '../welcomeTabs';

// The fixture folder has no Packer template, so nothing starts Bilder with VS Code; the test starts it as a command
// or a lone variables file would. Walkthroughs may open by themselves (the suite's user-settings.json), yet this one
// must not: the tour is for folders with templates to work on.
suite('Getting Started walkthrough: a folder without templates', () => {
  suiteTeardown(revertAndCloseAll);

  test('Bilder starts, and the walkthrough stays closed and is not marked as shown', async () => {
    assert.equal(bilderExtension().isActive, false);
    // activate() resolves after Bilder has decided about the walkthrough.
    await activateBilder();
    assert.deepEqual(walkthroughTabs(), [], `open tabs: ${JSON.stringify(tabLabels())}`);
    assert.equal(walkthroughRecordedAsShown(), undefined);
  });

  test('asked for, it opens: Bilder: Get Started', async () => {
    await vscode.commands.executeCommand('bilder.welcome.open');
    await waitForTabs(() => walkthroughTabs().length === 1, 'the Bilder walkthrough open');
  });
});
