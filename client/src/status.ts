// The language status item next to the language mode: is the Bilder server up, and is the workspace trusted?
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { PackerPluginsParams, PyinfraStatusParams } from '../../protocol';

export class ServerStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('bilder.server', [{ language: 'packer' }, { language: 'packervars' }]);
    this.item.name = 'Bilder';
    this.item.command = { title: 'Show Log', command: 'bilder.showLog' };
  }

  starting(): void {
    this.set('$(sync~spin) Bilder starting', vscode.LanguageStatusSeverity.Information, true);
  }

  running(version: string | undefined): void {
    const trust = vscode.workspace.isTrusted ? '' : ' (Restricted Mode: Packer is not run)';
    this.set(`$(check) Bilder ${version ?? ''}${trust}`.trim(), vscode.LanguageStatusSeverity.Information, false);
  }

  failed(message: string): void {
    this.set('$(error) Bilder stopped', vscode.LanguageStatusSeverity.Error, false, message);
  }

  clientState(state: State): void {
    if (state === State.Stopped) this.set('$(circle-slash) Bilder stopped', vscode.LanguageStatusSeverity.Warning, false);
    else if (state === State.Starting) this.starting();
  }

  private set(text: string, severity: vscode.LanguageStatusSeverity, busy: boolean, detail?: string): void {
    this.item.text = text;
    this.item.severity = severity;
    this.item.busy = busy;
    this.item.detail = detail;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The language status item of deploys: which PyInfra the operations and facts come from. */
export class PyinfraStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('bilder.pyinfra', [{ language: 'python', pattern: '**/bilder/**/*.py' }]);
    this.item.name = 'PyInfra';
    this.item.text = 'PyInfra';
    this.item.detail = 'not looked up yet';
    this.item.command = { title: 'Show Log', command: 'bilder.showLog' };
  }

  show(status: PyinfraStatusParams): void {
    if (status.origin === 'installed') {
      this.item.text = `PyInfra ${status.version}`;
      this.item.detail = status.interpreter ? `installed for ${status.interpreter}` : 'installed';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    this.item.text = `PyInfra ${status.version} (bundled)`;
    this.item.detail = status.message ?? (vscode.workspace.isTrusted ? 'Bilder\'s own catalogue' : 'Restricted Mode: Bilder\'s own catalogue, no interpreter asked');
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The language status item of templates: which plugin releases Bilder's schema covers and which are installed. */
export class PackerPluginsStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('bilder.packerPlugins', [{ language: 'packer' }]);
    this.item.name = 'Packer plugins';
    this.item.text = 'Packer plugins';
    this.item.command = { title: 'Show Log', command: 'bilder.showLog' };
  }

  show(status: PackerPluginsParams): void {
    if (status.problem) {
      this.item.text = '$(warning) Packer plugin schema unavailable';
      this.item.detail = status.problem;
      this.item.severity = vscode.LanguageStatusSeverity.Warning;
      return;
    }
    const plugins = status.schema.filter((release) => release.name !== 'packer').length;
    this.item.text = `Packer plugins: ${plugins} known${status.installed.length > 0 ? `, ${status.installed.length} installed` : ''}`;
    const installed = status.installed.map((plugin) => `${plugin.name} ${plugin.version}`).join(', ');
    const newer = status.newer.length > 0 ? `; newer than Bilder's schema: ${status.newer.join(', ')}` : '';
    this.item.detail = installed ? `installed: ${installed}${newer}` : 'none installed (packer init installs them)';
    this.item.severity = status.newer.length > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}
