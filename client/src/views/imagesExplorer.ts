// The "Images and Components" explorer. Images come from the server (the same request the Build Image picker makes),
// so the view and the picker always list the same images: image folders, shared templates that pick the image by a
// variable, and component test roots. Each shows its deploy, templates, var files and files/ and templates/ folders.
// Components are the packages under a bilder tree's components/ folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildImage } from '../../../protocol';
import type { CommandTable } from '../commands';

export const IMAGES_VIEW_ID = 'bilder.imagesAndComponents';
const BUILD_IMAGE_COMMAND = 'bilder.build.run';

type NodeKind = 'group' | 'image' | 'component' | 'file' | 'folder' | 'message';

const IMAGE_KIND_NAMES: Record<BuildImage['kind'], string> = {
  'image-dir': 'image',
  'shared-template': 'shared template',
  'component-test': 'component test',
};

const COLLAPSIBLE = {
  expanded: vscode.TreeItemCollapsibleState.Expanded,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  leaf: vscode.TreeItemCollapsibleState.None,
};

class ExplorerNode extends vscode.TreeItem {
  constructor(
    readonly kind: NodeKind,
    label: string,
    readonly uri: vscode.Uri | undefined,
    readonly children: () => Promise<ExplorerNode[]>,
    state: 'expanded' | 'collapsed' | 'leaf',
  ) {
    super(label, COLLAPSIBLE[state]);
    this.contextValue = `bilder.${kind}`;
    if (uri) this.resourceUri = uri;
    if (kind === 'file' && uri) this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    if (kind === 'group') this.iconPath = new vscode.ThemeIcon(label === 'Images' ? 'package' : 'extensions');
    if (kind === 'image' || kind === 'component') this.iconPath = new vscode.ThemeIcon(kind === 'image' ? 'server-process' : 'symbol-module');
    if (kind === 'message') this.iconPath = new vscode.ThemeIcon('info');
  }
}

const leaf = (uri: vscode.Uri, label = path.basename(uri.fsPath)) => new ExplorerNode('file', label, uri, async () => [], 'leaf');
const message = (text: string) => new ExplorerNode('message', text, undefined, async () => [], 'leaf');

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
  return new ExplorerNode('folder', path.basename(uri.fsPath), uri, list, 'collapsed');
}

/** The folder a person thinks of as the image: where its deploy lives, else its template's folder. */
export function imageFolder(image: BuildImage): string {
  return image.deployFile ? path.dirname(image.deployFile) : image.templateDir;
}

export class ImagesExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** `listImages` asks the server; it rejects while no server is running. */
  constructor(private readonly listImages: () => Promise<BuildImage[]>) {
    // Templates decide what is an image; deploys and components what each one shows.
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.pkr.hcl,*.pkrvars.hcl,*deploy.py,bilder/components/**}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.refresh()),
      watcher.onDidDelete(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      vscode.window.registerTreeDataProvider(IMAGES_VIEW_ID, this),
    );
  }

  /** The view's commands, registered with every other command of the extension (commands/index.ts). */
  commands(): CommandTable {
    return {
      'bilder.explorer.refresh': () => this.refresh(),
      'bilder.explorer.open': (node?: ExplorerNode) => node?.uri && vscode.commands.executeCommand('vscode.open', node.uri),
      'bilder.explorer.build': (node?: ExplorerNode) => vscode.commands.executeCommand(BUILD_IMAGE_COMMAND, node?.uri),
    };
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children();
    // The list of images is what the view is for: open at once. Components are a long list of packages.
    return [new ExplorerNode('group', 'Images', undefined, () => this.images(), 'expanded'), new ExplorerNode('group', 'Components', undefined, () => this.components(), 'collapsed')];
  }

  private async images(): Promise<ExplorerNode[]> {
    let images: BuildImage[];
    try {
      images = await this.listImages();
    } catch {
      return [message('The Bilder server is not running yet; this list fills in once it is.')];
    }
    if (images.length === 0) return [message('No image here yet: a folder with a *.pkr.hcl template is one.')];
    return images.map((image) => {
      const folder = vscode.Uri.file(imageFolder(image));
      const node = new ExplorerNode('image', image.label, folder, () => this.imageChildren(image, folder), 'collapsed');
      node.description = IMAGE_KIND_NAMES[image.kind];
      node.tooltip = `${image.label} · ${vscode.workspace.asRelativePath(image.templateDir)}`;
      return node;
    });
  }

  private async imageChildren(image: BuildImage, folder: vscode.Uri): Promise<ExplorerNode[]> {
    const nodes: ExplorerNode[] = [];
    if (image.deployFile) nodes.push(leaf(vscode.Uri.file(image.deployFile)));
    const templateDir = vscode.Uri.file(image.templateDir);
    const entries = await vscode.workspace.fs.readDirectory(templateDir).then(undefined, () => [] as [string, vscode.FileType][]);
    const sameFolder = templateDir.fsPath === folder.fsPath;
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (type !== vscode.FileType.File || !/\.pkr(vars)?\.hcl$/.test(name)) continue;
      // A shared template sits one folder up from the image: say so in its label.
      nodes.push(leaf(vscode.Uri.joinPath(templateDir, name), sameFolder ? name : `${path.relative(folder.fsPath, templateDir.fsPath)}/${name}`));
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
        return new ExplorerNode('component', name.replace(/\\/g, '/'), vscode.Uri.file(directory), children, 'collapsed');
      });
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
