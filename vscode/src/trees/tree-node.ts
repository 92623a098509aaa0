// The trees as plain data: what each row shows and does. The vscode adapter (tree-provider.ts)
// maps a TreeNode to a vscode.TreeItem one to one; tests assert on TreeNodes without an editor.

export interface TreeNode {
  /** Stable across refreshes, so the editor keeps expansion and selection. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`check`, `sync~spin`...) and an optional theme colour id. */
  icon?: { id: string; color?: string };
  /** Selects the context-menu entries (package.json `view/item/context` when clauses). */
  contextValue?: string;
  /** Run on click. */
  command?: { command: string; title: string; arguments: unknown[] };
  /** Present (maybe empty) when the row can expand. */
  children?: TreeNode[];
  expanded?: boolean;
}

export function leaf(id: string, label: string, extra: Partial<TreeNode> = {}): TreeNode {
  return { id, label, ...extra };
}
