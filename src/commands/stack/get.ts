import { ZenCommand } from '../../cli/zen-command.js';

export default class StackGet extends ZenCommand<typeof StackGet> {
  static summary = 'Show the name of the active stack and where it was chosen.';

  async run() {
    const { activeStack } = await import('../../stack/stack-service.js');
    const { stack, source } = await activeStack(await this.zen());
    this.log(`Active stack: '${stack.name}' (from ${source}).`);
    return { name: stack.name, id: stack.id, source };
  }
}
