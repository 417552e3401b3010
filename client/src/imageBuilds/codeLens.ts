// "▶ Build image" where the person is: above each top-level `build {}` block of a template, and at the top of a
// deploy.py that an image runs. Uses the server's image list (bilder/build/images), refreshed when templates or
// deploys are saved, so typing never waits on it.
import * as vscode from 'vscode';
import type { BuildImage } from '../../../protocol';
import type { BuildController } from './controller';
import { imagesFor } from './requests';

const BUILD_BLOCK = /^build\s*\{/;
export const BUILD_COMMAND = 'bilder.build.run';

function lensTitle(images: readonly BuildImage[]): string {
  return images.length === 1 ? `$(play) Build image ${images[0]!.label}` : '$(play) Build image…';
}

export class BuildCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private loading: Promise<BuildImage[]> | undefined;

  constructor(private readonly controller: BuildController) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider([{ scheme: 'file', language: 'packer' }, { scheme: 'file', pattern: '**/*.py' }], this),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (/\.pkr\.hcl$|\.py$/.test(document.fileName)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration('bilder.build.codeLens')) this.changed.fire();
      }),
    );
  }

  private reload(): void {
    this.loading = undefined;
    this.changed.fire();
  }

  private images(): Promise<BuildImage[]> {
    // A server that is not up yet gives no list: asked again at the next request instead of remembered as empty.
    this.loading ??= this.controller.images().catch(() => {
      this.loading = undefined;
      return this.controller.cachedImages() ?? [];
    });
    return this.loading;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || vscode.workspace.getConfiguration('bilder').get<boolean>('build.codeLens', true) === false) return [];
    const isTemplate = document.fileName.endsWith('.pkr.hcl');
    if (!isTemplate && !/(^|[\\/])(deploy|sample_deploy)\.py$/.test(document.fileName)) return [];
    const images = imagesFor(await this.images(), document.uri, false);
    if (token.isCancellationRequested || images.length === 0) return [];
    const command = { title: lensTitle(images), command: BUILD_COMMAND, arguments: [document.uri], tooltip: 'Run packer build for this image and follow it in the Bilder Builds panel' };
    if (!isTemplate) {
      const deployImages = images.filter((image) => image.deployFile === document.uri.fsPath);
      return deployImages.length ? [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { ...command, title: lensTitle(deployImages) })] : [];
    }
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < document.lineCount; line++) {
      if (BUILD_BLOCK.test(document.lineAt(line).text)) lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), command));
    }
    return lenses;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.changed.dispose();
  }
}
