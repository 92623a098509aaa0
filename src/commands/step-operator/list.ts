import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('step_operator', 'list');
