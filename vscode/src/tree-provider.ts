// A vscode TreeDataProvider over TreeNodes: loads the roots with `load`, maps nodes to items.
import * as vscode from 'vscode';
import type { TreeNode } from './trees/tree-node.js';

export class ZenTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots?: Promise<TreeNode[]>;

  constructor(private readonly load: () => Promise<TreeNode[]>) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = node.children === undefined ? vscode.TreeItemCollapsibleState.None : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.contextValue !== undefined) item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.command) item.command = node.command;
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children ?? [];
    this.roots ??= this.load().catch((error: unknown) => [
      { id: 'error', label: 'ZenML is not available', description: error instanceof Error ? error.message : String(error), tooltip: error instanceof Error ? error.message : String(error), icon: { id: 'warning' } },
    ]);
    return this.roots;
  }
}
