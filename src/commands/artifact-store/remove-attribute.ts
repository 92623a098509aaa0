import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('artifact_store', 'remove-attribute');
