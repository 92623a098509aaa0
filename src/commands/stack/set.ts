import { ActivateStackCommand } from '../../cli/stack-activate-command.js';

export default class StackSet extends ActivateStackCommand<typeof StackSet> {
  static examples = ['<%= config.bin %> stack set prod'];
}
