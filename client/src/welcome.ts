// First-run guidance: the Getting Started walkthrough opens by itself once, the first time Bilder starts in a folder
// that holds Packer templates, and afterwards only when asked (Help → Welcome, or Bilder: Get Started).
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'gettingStarted';
/** Global, not per workspace: someone who opens twenty repositories wants the tour once, not twenty times. */
export const WALKTHROUGH_SHOWN_KEY = 'bilder.walkthroughShown';

const TEMPLATE_GLOB = '**/*.pkr.hcl';
const SKIPPED_FOLDERS = '**/{node_modules,.git,.terraform,packer_cache,output-*}/**';

/** Builds on this machine without a cloud account, so the walkthrough's build step has something to build. */
const STARTER_TEMPLATE = `packer {
  required_version = ">= 1.6.6"
}

variable "greeting" {
  type    = string
  default = "hello"
}

# A null source builds on this machine: no cloud account, nothing created anywhere.
source "null" "local" {
  communicator = "none"
}

build {
  sources = ["source.null.local"]

  provisioner "shell-local" {
    inline = ["echo \${var.greeting} from Packer"]
  }
}
`;

export function registerWelcome(extension: vscode.ExtensionContext): vscode.Disposable {
  const walkthrough = `${extension.extension.id}#${WALKTHROUGH_ID}`;
  const disposables = [
    vscode.commands.registerCommand('bilder.welcome.open', () => openWalkthrough(walkthrough)),
    vscode.commands.registerCommand('bilder.welcome.openTemplate', openTemplate),
    vscode.commands.registerCommand('bilder.welcome.newTemplate', newTemplate),
  ];
  void openOnFirstStart(extension, walkthrough);
  return vscode.Disposable.from(...disposables);
}

async function openOnFirstStart(extension: vscode.ExtensionContext, walkthrough: string): Promise<void> {
  if (extension.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return;
  // Bilder also starts for a lone .pkrvars.hcl or a command; the tour is for a folder with templates to work on.
  if (!vscode.workspace.workspaceFolders?.length) return;
  const templates = await vscode.workspace.findFiles(TEMPLATE_GLOB, SKIPPED_FOLDERS, 1);
  if (templates.length === 0) return;
  // Recorded first, so a window closed while the tour opens does not bring it back next time.
  await extension.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  await openWalkthrough(walkthrough);
}

function openWalkthrough(walkthrough: string, toSide = false): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, toSide);
}

async function openTemplate(): Promise<void> {
  const templates = await vscode.workspace.findFiles(TEMPLATE_GLOB, SKIPPED_FOLDERS, 500);
  if (templates.length === 0) {
    const create = 'New Template';
    const answer = await vscode.window.showInformationMessage('This workspace has no Packer template (*.pkr.hcl) yet.', create);
    if (answer === create) await newTemplate();
    return;
  }
  const items = templates
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open a Packer template' });
  if (picked) await vscode.window.showTextDocument(picked.uri);
}

async function newTemplate(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    // Without a folder there is nowhere to save yet: an untitled Packer document still gets every static feature.
    const document = await vscode.workspace.openTextDocument({ language: 'packer', content: STARTER_TEMPLATE });
    await vscode.window.showTextDocument(document);
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, 'images', 'hello', 'hello.pkr.hcl'),
    filters: { 'Packer template': ['pkr.hcl'] },
    saveLabel: 'Create Template',
    title: 'New Packer template (each folder is one image)',
  });
  if (!target) return;
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  // Never overwrite a file the user already has: open it instead and say so.
  if (exists) void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(target)} already exists; opened it unchanged.`);
  else await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(STARTER_TEMPLATE));
  await vscode.window.showTextDocument(target);
}
