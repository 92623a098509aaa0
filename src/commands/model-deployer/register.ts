import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('model_deployer', 'register');
