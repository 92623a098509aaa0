import { ZenCommand } from '../cli/zen-command.js';

export default class Version extends ZenCommand<typeof Version> {
  static summary = 'Show the zenml version.';

  async run() {
    const payload = { version: this.config.version, node: process.version, platform: `${process.platform}-${process.arch}` };
    this.log(`zenml ${payload.version} (node ${payload.node}, ${payload.platform})`);
    return payload;
  }
}
