import { ZenCommand } from '../../cli/zen-command.js';

export default class StackGet extends ZenCommand<typeof StackGet> {
  static summary = 'Show the name of the active stack and where it was chosen.';

  async run() {
    const { source, ...stack } = await (await this.client()).getActiveStack();
    this.log(`Active stack: '${stack.name}' (from ${source}).`);
    return { name: stack.name, id: stack.id, source };
  }
}
