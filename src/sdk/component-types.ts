// The component types, for the CLI's command generation: a light module, so loading any
// component command does not load the Client.
export { COMPONENT_TYPES, REQUIRED_COMPONENT_TYPES, type ComponentType } from '../stack/component-types.js';
