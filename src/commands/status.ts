import { ZenCommand } from '../cli/zen-command.js';

export default class Status extends ZenCommand<typeof Status> {
  static summary = 'Show the config dir, the store, the active stack and where it came from.';

  async run() {
    const client = await this.client();
    const [{ configDir, url }, stack] = await Promise.all([client.getStoreInfo(), client.getActiveStack()]);
    const payload = {
      configDir,
      store: url,
      activeStack: { name: stack.name, id: stack.id, source: stack.source },
      repositoryRoot: stack.repositoryRoot ?? null,
      version: this.config.version,
    };
    this.log(`Config dir:      ${payload.configDir}`);
    this.log(`Store:           ${payload.store}`);
    this.log(`Active stack:    ${stack.name} (from ${stack.source})`);
    this.log(`Repository root: ${payload.repositoryRoot ?? 'none (run zenml init to create one)'}`);
    return payload;
  }
}
