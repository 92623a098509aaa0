import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('alerter', 'register');
