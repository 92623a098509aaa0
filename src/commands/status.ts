import { ZenCommand } from '../cli/zen-command.js';

export default class Status extends ZenCommand<typeof Status> {
  static summary = 'Show the config dir, the store, the active stack and where it came from.';

  async run() {
    const { resolveActiveStack } = await import('../context/zen-context.js');
    const context = await this.zen();
    const active = await resolveActiveStack(context.config);
    const stack = await context.store.getStack(active.name);
    const payload = {
      configDir: context.configDir,
      store: context.store.url,
      activeStack: { name: stack.name, id: stack.id, source: active.source },
      repositoryRoot: active.repositoryRoot ?? null,
      version: this.config.version,
    };
    this.log(`Config dir:      ${payload.configDir}`);
    this.log(`Store:           ${payload.store}`);
    this.log(`Active stack:    ${stack.name} (from ${active.source})`);
    this.log(`Repository root: ${payload.repositoryRoot ?? 'none (run zenml init to create one)'}`);
    return payload;
  }
}
