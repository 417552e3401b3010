// First-run guidance: the Getting Started walkthrough opens by itself once, the first time Bilder starts in a folder
// that holds Packer templates, and afterwards only when asked (Help → Welcome, or Bilder: Get Started).
import * as vscode from 'vscode';
import { registerCommandTable } from './commands';

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

/** A search for the first template gives up after this long in a huge workspace rather than hold activation. */
const FIRST_TEMPLATE_SEARCH_MS = 30_000;

export interface Welcome extends vscode.Disposable {
  /** Settles once the walkthrough has been opened or it has been decided not to open it. */
  readonly firstStart: Promise<void>;
}

export function registerWelcome(extension: vscode.ExtensionContext): Welcome {
  const walkthrough = `${extension.extension.id}#${WALKTHROUGH_ID}`;
  const disposable = registerCommandTable({
    'bilder.welcome.open': () => openWalkthrough(walkthrough),
    'bilder.welcome.openTemplate': openTemplate,
    'bilder.welcome.newTemplate': newTemplate,
  });
  // First-run guidance must never stop Bilder from starting.
  const firstStart = openOnFirstStart(extension, walkthrough).catch(() => undefined);
  return { firstStart, dispose: () => disposable.dispose() };
}

async function openOnFirstStart(extension: vscode.ExtensionContext, walkthrough: string): Promise<void> {
  if (extension.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return;
  // The user's own word on walkthroughs that open by themselves (VS Code's setting for extensions' walkthroughs).
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  // Bilder also starts for a lone .pkrvars.hcl or a command; the tour is for a folder with templates to work on.
  if (!vscode.workspace.workspaceFolders?.length) return;
  const search = new vscode.CancellationTokenSource();
  const giveUp = setTimeout(() => search.cancel(), FIRST_TEMPLATE_SEARCH_MS);
  const templates = await vscode.workspace.findFiles(TEMPLATE_GLOB, SKIPPED_FOLDERS, 1, search.token).then(
    (found) => found,
    () => [],
  );
  clearTimeout(giveUp);
  search.dispose();
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

/** `target` skips the save dialog (a command link or a test may name the file). */
async function newTemplate(target?: vscode.Uri): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder && !(target instanceof vscode.Uri)) {
    // Without a folder there is nowhere to save yet: an untitled Packer document still gets every static feature.
    const document = await vscode.workspace.openTextDocument({ language: 'packer', content: STARTER_TEMPLATE });
    await vscode.window.showTextDocument(document);
    return;
  }
  const file =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          defaultUri: folder && vscode.Uri.joinPath(folder, 'images', 'local', 'local.pkr.hcl'),
          filters: { 'Packer template': ['pkr.hcl'] },
          saveLabel: 'Create Template',
          title: 'New Packer template (each folder is one image)',
        });
  if (!file) return;
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  // Never overwrite a file the user already has: open it instead and say so.
  if (exists) void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(file)} already exists; opened it unchanged.`);
  else await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(STARTER_TEMPLATE));
  await vscode.window.showTextDocument(file);
}
