import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('experiment_tracker', 'update');
