// The "Bilder Builds" tree. It follows a running build like a CI page: the operation in progress is revealed as it
// starts, finished steps fold to one line, failures open. What the person does wins: a row they opened or closed stays
// so, and once they collapse or select something in a running build the view stops moving under them (selecting the
// build's own row resumes following).
import * as vscode from 'vscode';
import type { BuildController } from './controller';
import { BUILDS_VIEW } from './controller';
import { buildNode, currentNode, indexTree } from './tree';
import type { TreeNodeModel } from './tree';

const REVEAL_WAIT_MS = 2000;

const ICON_COLOUR: Partial<Record<TreeNodeModel['icon'], string>> = {
  pass: 'testing.iconPassed',
  error: 'testing.iconFailed',
  lightbulb: 'problemsWarningIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
};

/** VS Code remembers a row's open/closed state by id, and applies a new default only to a new id: the state is part
 * of the id so that a step that finishes folds, and a person's choice (kept in `chosen`) pins it. */
function viewId(node: TreeNodeModel, expanded: boolean): string {
  // A row first shown without children was remembered as a leaf; it needs a new id once it has some. Builds, sources
  // and steps are never leaves, so their ids stay put while they run (a reveal needs its row's ancestors to).
  return `${node.id}|${!isContainer(node) && node.children.length === 0 ? 'leaf' : expanded ? 'open' : 'closed'}`;
}

function isContainer(node: TreeNodeModel): boolean {
  return node.contextValue.startsWith('build-') || node.contextValue === 'source' || node.contextValue === 'step';
}

/** Resolves when the promise settles or after `ms`, whichever comes first. */
function settled(promise: Thenable<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

export class BuildsTreeView implements vscode.TreeDataProvider<TreeNodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNodeModel | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNodeModel>;
  private roots: TreeNodeModel[] = [];
  private parents = new Map<string, TreeNodeModel | undefined>();
  /** Open/closed as the person left it, by node id. */
  private readonly chosen = new Map<string, boolean>();
  /** Running builds the person took over (collapsed or selected inside): not followed any more. */
  private readonly notFollowed = new Set<string>();
  private readonly revealed = new Map<string, string>();
  /** A follow() is queued or running. */
  private following = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly selected = new vscode.EventEmitter<TreeNodeModel>();
  /** A row the person selected: the output view scrolls to it. */
  readonly onDidSelect = this.selected.event;

  constructor(private readonly controller: BuildController) {
    this.view = vscode.window.createTreeView(BUILDS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      controller.onDidChange(() => this.refresh()),
      controller.onDidStart((record) => {
        this.notFollowed.delete(record.id);
        this.refresh();
      }),
      this.view.onDidExpandElement(({ element }) => this.chosen.set(element.id, true)),
      this.view.onDidCollapseElement(({ element }) => {
        this.chosen.set(element.id, false);
        if (this.controller.records.get(element.buildId)?.status === 'running') this.notFollowed.add(element.buildId);
      }),
      this.view.onDidChangeSelection(({ selection }) => {
        const node = selection[0];
        if (!node) return;
        if (this.controller.records.get(node.buildId)?.status === 'running') {
          if (node.id === node.buildId) this.notFollowed.delete(node.buildId);
          else if (this.revealed.get(node.buildId) !== node.id) this.notFollowed.add(node.buildId);
        }
        this.selected.fire(node);
      }),
    );
  }

  private refresh(): void {
    const now = Date.now();
    this.roots = this.controller.ordered.map((record) => buildNode(record, now));
    this.parents = new Map();
    for (const root of this.roots) indexTree(root, this.parents);
    this.changed.fire(undefined);
    // After VS Code has taken the refresh, and one reveal at a time: a reveal racing a refresh can leave rows stale.
    if (!this.following) {
      this.following = true;
      setTimeout(() => void this.follow().finally(() => (this.following = false)), 0);
    }
  }

  /** Reveals the row in progress of each followed running build (once per row, so scrolling is left alone). */
  private async follow(): Promise<void> {
    if (!this.view.visible) return;
    for (const root of this.roots) {
      if (root.contextValue !== 'build-running' || this.notFollowed.has(root.buildId)) continue;
      const current = currentNode(root);
      if (!current || this.revealed.get(root.buildId) === current.id) continue;
      this.revealed.set(root.buildId, current.id);
      // A row that went away with the next refresh never resolves or rejects: the next one is revealed instead.
      await settled(this.view.reveal(current, { select: false, focus: false, expand: false }), REVEAL_WAIT_MS);
    }
  }

  isExpanded(node: TreeNodeModel): boolean {
    return this.chosen.get(node.id) ?? node.expanded;
  }

  getChildren(node?: TreeNodeModel): TreeNodeModel[] {
    if (!node) {
      if (this.roots.length === 0 && this.controller.records.size > 0) this.refresh();
      return this.roots;
    }
    return node.children;
  }

  getParent(node: TreeNodeModel): TreeNodeModel | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: TreeNodeModel): vscode.TreeItem {
    // A row that leads to the one in progress is open while the build is followed, whatever its default.
    const onPath = this.leadsToCurrent(node);
    const expanded = onPath || this.isExpanded(node);
    const state =
      node.children.length === 0 && !isContainer(node)
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = viewId(node, expanded);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    const colour = ICON_COLOUR[node.icon];
    item.iconPath = new vscode.ThemeIcon(node.icon, colour ? new vscode.ThemeColor(colour) : undefined);
    return item;
  }

  private leadsToCurrent(node: TreeNodeModel): boolean {
    if (this.notFollowed.has(node.buildId) || this.chosen.get(node.id) === false) return false;
    const root = this.roots.find((candidate) => candidate.buildId === node.buildId);
    if (!root || root.contextValue !== 'build-running') return false;
    const current = currentNode(root);
    for (let at: TreeNodeModel | undefined = current && this.parents.get(current.id); at; at = this.parents.get(at.id)) if (at.id === node.id) return true;
    return false;
  }

  /** The rows on screen without a click (`icon label · description`, indented by depth): what a person reads. */
  visibleRows(): string[] {
    const rows: string[] = [];
    const walk = (node: TreeNodeModel, depth: number) => {
      rows.push(`${'  '.repeat(depth)}${node.icon} ${node.label}${node.description ? ` · ${node.description}` : ''}`);
      if (node.children.length > 0 && (this.leadsToCurrent(node) || this.isExpanded(node))) for (const child of node.children) walk(child, depth + 1);
    };
    for (const root of this.roots) walk(root, 0);
    return rows;
  }

  /** Selects the first row whose label matches, as a click does (the output view follows). */
  async select(label: RegExp): Promise<boolean> {
    const found = [...this.parents.keys()].map((id) => this.find(id)).find((node) => node && label.test(node.label));
    if (!found) return false;
    let announced = false;
    const listener = this.selected.event((node) => (announced ||= node.id === found.id));
    try {
      await this.view.reveal(found, { select: true, focus: true, expand: false });
    } finally {
      listener.dispose();
    }
    // A selection made through the API is not always reported as a change; a click always is.
    if (!announced) this.selected.fire(found);
    return true;
  }

  private find(id: string): TreeNodeModel | undefined {
    const search = (nodes: readonly TreeNodeModel[]): TreeNodeModel | undefined => {
      for (const node of nodes) {
        if (node.id === id) return node;
        const inner = search(node.children);
        if (inner) return inner;
      }
      return undefined;
    };
    return search(this.roots);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.changed.dispose();
    this.selected.dispose();
  }
}
