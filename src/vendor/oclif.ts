// @oclif/core and its dependencies load as ~200 CommonJS modules (semver alone is ~50), which
// was most of `zenml --help`'s start-up. The build bundles this file into one module
// (scripts/bundle-vendor.mjs), so import oclif's values from here, never from '@oclif/core'.
// The names are listed because a bundle cannot re-export a CommonJS module's names with `*`.
export {
  Args,
  Command,
  CommandHelp,
  Config,
  Errors,
  Flags,
  Help,
  HelpBase,
  Parser,
  Plugin,
  execute,
  flush,
  handle,
  loadHelpClass,
  run,
  settings,
  ux,
} from '@oclif/core';
export type { Hook, Interfaces } from '@oclif/core';
