import { ActivateStackCommand } from '../../cli/stack-activate-command.js';

export default class StackSwitch extends ActivateStackCommand<typeof StackSwitch> {
  static summary = 'Switch the active stack (the same as `stack set`).';
  static examples = ['<%= config.bin %> stack switch prod', '<%= config.bin %> stack switch'];
}
