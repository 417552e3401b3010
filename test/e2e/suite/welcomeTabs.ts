// The Getting Started walkthrough as the extension host sees it: a "Welcome" tab whose input the API does not expose.
// The suites start without any welcome page (startupEditor none, skipWelcome), so such a tab is the one Bilder opened;
// what it shows is checked in the real workbench by scripts/screenshots.mjs.
import * as vscode from 'vscode';
import { bilderExtension } from './helpers';

const WELCOME_TAB = /^(Welcome|Walkthrough: Get Started with Bilder)$/;
const DEADLINE_MS = 20_000;

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

export function walkthroughTabs(): vscode.Tab[] {
  return allTabs().filter((tab) => tab.input === undefined && WELCOME_TAB.test(tab.label));
}

export function tabLabels(): string[] {
  return allTabs().map((tab) => tab.label);
}

/** Resolves once `accept` holds for the open tabs, checking now and on every tab change. */
export function waitForTabs(accept: () => boolean, expectation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      if (!accept()) return;
      cleanup();
      resolve();
    };
    const subscription = vscode.window.tabGroups.onDidChangeTabs(settle);
    const deadline = setTimeout(() => {
      cleanup();
      reject(new Error(`expected ${expectation}; open tabs: ${JSON.stringify(tabLabels())}`));
    }, DEADLINE_MS);
    const cleanup = () => {
      clearTimeout(deadline);
      subscription.dispose();
    };
    settle();
  });
}

/** Bilder's global memory of having shown the walkthrough (read through the context its activate() returns). */
export function walkthroughRecordedAsShown(): boolean | undefined {
  const exported = bilderExtension().exports as { extension?: vscode.ExtensionContext } | undefined;
  return exported?.extension?.globalState.get<boolean>('bilder.walkthroughShown');
}

/** The command ids behind the `command:` buttons of every walkthrough step. */
export function walkthroughButtonCommands(): string[] {
  const steps: { description: string }[] = bilderExtension().packageJSON.contributes.walkthroughs[0].steps;
  return steps.flatMap((step) => [...step.description.matchAll(/\(command:([\w.-]+)/g)].map((match) => match[1]!));
}
