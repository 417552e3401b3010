import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activateBilder } from '../helpers';

// The Images and Components view lists what the server finds, through the same request as the Build Image picker.
interface Rows {
  getChildren(node?: unknown): Promise<(vscode.TreeItem & { kind: string })[]>;
}
interface CtxView {
  explorer: Rows;
  images(): Promise<{ label: string; templateDir: string }[]>;
}

suite('Images view', () => {
  test('shows the images the Build Image picker offers, each with its template', async () => {
    const ctx = (await activateBilder()).exports as CtxView;
    const picker = (await ctx.images()).map((image) => image.label);
    assert.ok(picker.includes('hello') && picker.includes('slow'), `the server lists the fixture's images: ${picker.join(', ')}`);
    const [imagesGroup, componentsGroup] = await ctx.explorer.getChildren();
    assert.equal(imagesGroup?.label, 'Images');
    assert.equal(componentsGroup?.label, 'Components');
    const rows = await ctx.explorer.getChildren(imagesGroup);
    assert.deepEqual(
      rows.map((row) => row.label),
      picker,
    );
    assert.ok(rows.every((row) => row.description === 'image'), 'image folders are described as such');
    const hello = rows.find((row) => row.label === 'hello')!;
    const files = await ctx.explorer.getChildren(hello);
    assert.deepEqual(
      files.map((file) => file.label),
      ['hello.pkr.hcl'],
    );
    assert.equal(files[0]?.command?.command, 'vscode.open');
  });

  test('its build action is the Build Image command, for that image', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['bilder.explorer.refresh', 'bilder.explorer.open', 'bilder.explorer.build', 'bilder.build.run']) assert.ok(commands.includes(id), `${id} is registered`);
  });
});
