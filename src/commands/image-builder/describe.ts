import { componentCommand } from '../../cli/component-commands.js';

export default componentCommand('image_builder', 'describe');
