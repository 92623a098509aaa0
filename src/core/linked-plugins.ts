/**
 * zenml plugins are JavaScript, built before they are linked (docs/writing-a-flavor.md), and
 * zenml's own code is CommonJS: oclif's offer to transpile a linked plugin's TypeScript never
 * applies to an ES module plugin, yet it warns about each such plugin, in two lines before
 * every command's output. A user who set the variable keeps their choice.
 */
export function quietLinkedPluginWarnings(): void {
  process.env.OCLIF_DISABLE_LINKED_ESM_WARNING ??= '1';
}
