// "Build Image" asks what to build: image (or a recent build to run again), var files, the variables that still need
// a value, the sources (-only), then shows the command line in a quick pick (skippable with bilder.build.confirm).
// Nothing here is modal: Escape at any step cancels.
import * as vscode from 'vscode';
import { variableTypesOf, variablesNeedingValues } from '../../../protocol';
import type { BuildImage, BuildRequest } from '../../../protocol';
import type { BuildController } from './controller';
import type { BuildRecord } from './model';
import { describeVars, hidesInput } from './secretPrompts';
import { formatDuration } from './model';

const CONFIRM_SETTING = 'build.confirm';
const RECENT_IN_PICKER = 5;

/** The images a file or folder belongs to: its own template folder, or the deploy.py an image runs. */
export function imagesFor(images: readonly BuildImage[], target: vscode.Uri, isDirectory: boolean): BuildImage[] {
  const directory = isDirectory ? target.fsPath : vscode.Uri.joinPath(target, '..').fsPath;
  return images.filter(
    (image) =>
      image.templateDir === directory ||
      image.deployFile === target.fsPath ||
      (image.deployFile !== undefined && vscode.Uri.joinPath(vscode.Uri.file(image.deployFile), '..').fsPath === directory),
  );
}

/** Distinct recent requests, newest first: what "run it again" offers. */
export function recentRequests(records: readonly BuildRecord[], limit = RECENT_IN_PICKER): BuildRecord[] {
  const seen = new Set<string>();
  const recent: BuildRecord[] = [];
  for (const record of records) {
    const key = JSON.stringify([record.request.templateDir, record.request.vars, record.request.varFiles, record.request.only]);
    if (seen.has(key)) continue;
    seen.add(key);
    recent.push(record);
    if (recent.length >= limit) break;
  }
  return recent;
}

type Picked = { image: BuildImage } | { rerun: BuildRecord };

async function pickImage(controller: BuildController, images: BuildImage[], offerRecent: boolean): Promise<Picked | undefined> {
  const recent = offerRecent ? recentRequests(controller.ordered.filter((record) => record.status !== 'running')) : [];
  if (images.length === 1 && recent.length === 0) return { image: images[0]! };
  type Item = vscode.QuickPickItem & { choice?: Picked };
  const items: Item[] = [];
  if (recent.length > 0) {
    items.push({ label: 'Run again', kind: vscode.QuickPickItemKind.Separator });
    for (const record of recent) {
      items.push({
        label: `$(history) ${record.label}`,
        description: describeVars(record.request) || 'defaults',
        detail: `${record.status} ${formatDuration(Date.now() - record.startedAt)} ago · ${record.commandLine}`,
        choice: { rerun: record },
      });
    }
    items.push({ label: 'Images', kind: vscode.QuickPickItemKind.Separator });
  }
  for (const image of images) {
    items.push({
      label: image.label,
      description: `${image.kind} · ${vscode.workspace.asRelativePath(image.templateDir)}`,
      detail: image.deployFile ? vscode.workspace.asRelativePath(image.deployFile) : undefined,
      choice: { image },
    });
  }
  const choice = await vscode.window.showQuickPick(items, { title: 'Build Image', placeHolder: 'Which image?', matchOnDescription: true });
  return choice?.choice;
}

async function completeImage(picked: BuildImage): Promise<BuildRequest | undefined> {
  let varFiles: string[] = [];
  if (picked.varFiles.length > 0) {
    // Asked before the variables so that values a var file provides are not asked for.
    const chosen = await vscode.window.showQuickPick(
      picked.varFiles.map((file) => ({ label: vscode.workspace.asRelativePath(file.path), description: file.names.join(', '), path: file.path })),
      { title: `Build ${picked.label}: var files (optional)`, canPickMany: true, placeHolder: 'Pick none to use defaults only' },
    );
    if (!chosen) return undefined;
    varFiles = chosen.map((item) => item.path);
  }

  const vars: Record<string, string> = { ...picked.presetVars };
  for (const variable of variablesNeedingValues(picked, varFiles)) {
    const title = `Build ${picked.label}: var.${variable.name}`;
    let value: string | undefined;
    if (variable.allowedValues?.length) {
      value = await vscode.window.showQuickPick(variable.allowedValues, { title, placeHolder: variable.description ?? `Value of ${variable.name}` });
    } else {
      // Secret-named values are not echoed either, declared sensitive or not.
      value = await vscode.window.showInputBox({ title, prompt: variable.description, password: hidesInput(variable), ignoreFocusOut: true });
    }
    if (value === undefined) return undefined;
    vars[variable.name] = value;
  }

  let only: string[] = [];
  if (picked.sources.length > 1) {
    const chosen = await vscode.window.showQuickPick(
      picked.sources.map((source) => ({ label: source })),
      { title: `Build ${picked.label}: sources (-only)`, canPickMany: true, placeHolder: 'Pick none to build every source' },
    );
    if (!chosen) return undefined;
    only = chosen.length === picked.sources.length ? [] : chosen.map((item) => item.label);
  }
  const sensitive = picked.variables.filter((variable) => variable.sensitive).map((variable) => variable.name);
  // Declared types let the server write a secret list or bool as `-var` would read it (see sensitiveVarFile).
  const variableTypes = variableTypesOf(picked.variables);
  return { templateDir: picked.templateDir, label: picked.label, vars, varFiles, only, sensitive, ...(Object.keys(variableTypes).length > 0 ? { variableTypes } : {}) };
}

/** Rerun after a reload lacks sensitive values (never stored): ask for them again. */
export async function completeSensitive(request: BuildRequest): Promise<BuildRequest | undefined> {
  const vars = { ...request.vars };
  for (const name of request.sensitive ?? []) {
    if (name in vars) continue;
    const value = await vscode.window.showInputBox({ title: `Rerun ${request.label}: var.${name}`, password: true, ignoreFocusOut: true });
    if (value === undefined) return undefined;
    vars[name] = value;
  }
  return { ...request, vars };
}

/** Asks what to build; a target (a template, a deploy.py, a folder) narrows the images to its own. */
export async function askRequest(controller: BuildController, target?: vscode.Uri): Promise<BuildRequest | undefined> {
  let images = await controller.images();
  if (target) {
    const stat = await vscode.workspace.fs.stat(target).then((value) => value, () => undefined);
    const matching = imagesFor(images, target, stat?.type === vscode.FileType.Directory);
    if (matching.length > 0) images = matching;
  }
  if (images.length === 0) {
    void vscode.window.showWarningMessage('No Packer image found in this workspace (a folder with *.pkr.hcl files).');
    return undefined;
  }
  const picked = await pickImage(controller, images, !target);
  if (!picked) return undefined;
  if ('rerun' in picked) {
    const request = controller.requestFor(picked.rerun.id) ?? picked.rerun.request;
    return completeSensitive(request);
  }
  return completeImage(picked.image);
}

/** The last step before a build: the command line in a quick pick, Enter runs. Off with `bilder.build.confirm`. */
export async function confirmRequest(controller: BuildController, request: BuildRequest): Promise<boolean> {
  const configuration = vscode.workspace.getConfiguration('bilder');
  if (configuration.get<boolean>(CONFIRM_SETTING, true) === false) return true;
  const preview = await controller.preview(request);
  type Item = vscode.QuickPickItem & { action: 'run' | 'always' | 'copy' };
  const items: Item[] = [
    { label: '$(play) Build', detail: preview.commandLine, action: 'run' },
    { label: '$(play) Build, and do not ask again', description: 'sets bilder.build.confirm to false', action: 'always' },
    { label: '$(copy) Copy the command line', action: 'copy' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `Build ${request.label ?? vscode.workspace.asRelativePath(request.templateDir)}?`, placeHolder: preview.commandLine, ignoreFocusOut: true });
  if (!choice) return false;
  if (choice.action === 'copy') {
    await vscode.env.clipboard.writeText(preview.commandLine);
    return false;
  }
  if (choice.action === 'always') await configuration.update(CONFIRM_SETTING, false, vscode.ConfigurationTarget.Global);
  return true;
}
