// The "Images and Components" explorer: every image folder (deploy.py, its template, files/, templates/) and every
// component package (steps, models) of the bilder trees in the workspace, with Open and Build actions.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const IMAGES_VIEW_ID = 'bilder.imagesAndComponents';
const BUILD_IMAGE_COMMAND = 'bilder.build.run';

type NodeKind = 'group' | 'image' | 'component' | 'file' | 'folder';

class ExplorerNode extends vscode.TreeItem {
  constructor(
    readonly kind: NodeKind,
    label: string,
    readonly uri: vscode.Uri | undefined,
    readonly children: () => Promise<ExplorerNode[]>,
    collapsed: boolean,
  ) {
    super(label, collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.contextValue = `bilder.${kind}`;
    if (uri) this.resourceUri = uri;
    if (kind === 'file' && uri) this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    if (kind === 'group') this.iconPath = new vscode.ThemeIcon(label === 'Images' ? 'package' : 'extensions');
    if (kind === 'image' || kind === 'component') this.iconPath = new vscode.ThemeIcon(kind === 'image' ? 'server-process' : 'symbol-module');
  }
}

const leaf = (uri: vscode.Uri, label = path.basename(uri.fsPath)) => new ExplorerNode('file', label, uri, async () => [], false);

async function folderNode(uri: vscode.Uri): Promise<ExplorerNode | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.Directory) return undefined;
  } catch {
    return undefined;
  }
  const list = async (): Promise<ExplorerNode[]> => {
    const entries = await vscode.workspace.fs.readDirectory(uri);
    const nodes: ExplorerNode[] = [];
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      const child = vscode.Uri.joinPath(uri, name);
      if (type === vscode.FileType.Directory) {
        const folder = await folderNode(child);
        if (folder) nodes.push(folder);
      } else nodes.push(leaf(child));
    }
    return nodes;
  };
  return new ExplorerNode('folder', path.basename(uri.fsPath), uri, list, true);
}

export class ImagesExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/bilder/{images,components}/**');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.refresh()),
      watcher.onDidDelete(() => this.refresh()),
      vscode.window.registerTreeDataProvider(IMAGES_VIEW_ID, this),
      vscode.commands.registerCommand('bilder.explorer.refresh', () => this.refresh()),
      vscode.commands.registerCommand('bilder.explorer.open', (node?: ExplorerNode) => node?.uri && vscode.commands.executeCommand('vscode.open', node.uri)),
      vscode.commands.registerCommand('bilder.explorer.build', (node?: ExplorerNode) => this.build(node)),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children();
    return [new ExplorerNode('group', 'Images', undefined, () => this.images(), true), new ExplorerNode('group', 'Components', undefined, () => this.components(), true)];
  }

  private async images(): Promise<ExplorerNode[]> {
    const deploys = await vscode.workspace.findFiles('**/bilder/images/**/*deploy.py', '**/node_modules/**', 500);
    return deploys
      .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
      .map((deploy) => {
        const folder = vscode.Uri.joinPath(deploy, '..');
        return new ExplorerNode('image', path.basename(folder.fsPath), folder, () => this.imageChildren(folder, deploy), true);
      });
  }

  private async imageChildren(folder: vscode.Uri, deploy: vscode.Uri): Promise<ExplorerNode[]> {
    const nodes: ExplorerNode[] = [leaf(deploy)];
    // A self-contained image has its template beside deploy.py; a shared root keeps it one folder up.
    for (const directory of [folder, vscode.Uri.joinPath(folder, '..')]) {
      const entries = await vscode.workspace.fs.readDirectory(directory).then(undefined, () => [] as [string, vscode.FileType][]);
      const templates = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.pkr.hcl')).map(([name]) => vscode.Uri.joinPath(directory, name));
      for (const template of templates) nodes.push(leaf(template, directory === folder ? path.basename(template.fsPath) : `../${path.basename(template.fsPath)}`));
      if (templates.length > 0) break;
    }
    for (const name of ['files', 'templates']) {
      const folderEntry = await folderNode(vscode.Uri.joinPath(folder, name));
      if (folderEntry) nodes.push(folderEntry);
    }
    return nodes;
  }

  private async components(): Promise<ExplorerNode[]> {
    const modules = await vscode.workspace.findFiles('**/bilder/components/**/*.py', '**/{node_modules,__pycache__}/**', 2000);
    const packages = new Map<string, vscode.Uri[]>();
    for (const module of modules) {
      if (path.basename(module.fsPath) === '__init__.py') continue;
      const directory = path.dirname(module.fsPath);
      packages.set(directory, [...(packages.get(directory) ?? []), module]);
    }
    return [...packages.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([directory, files]) => {
        const name = directory.split(/[\\/]components[\\/]/).pop() ?? path.basename(directory);
        const children = async () => files.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((file) => leaf(file));
        return new ExplorerNode('component', name.replace(/\\/g, '/'), vscode.Uri.file(directory), children, true);
      });
  }

  private async build(node?: ExplorerNode): Promise<void> {
    await vscode.commands.executeCommand(BUILD_IMAGE_COMMAND, node?.uri);
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
