// The language status item next to the language mode: is the Bilder server up, and is the workspace trusted?
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

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
