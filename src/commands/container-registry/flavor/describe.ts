import { componentCommand } from '../../../cli/component-commands.js';

export default componentCommand('container_registry', 'flavor describe');
