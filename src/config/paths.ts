import { join } from 'node:path';
import { homeDir } from '../core/home-dir.js';
import { CONFIG_DIR_VARIABLES, envSetting } from './env-settings.js';

/** The global config directory: ZENML_CONFIG_DIR (or ZenML's ZENML_CONFIG_PATH), else $XDG_CONFIG_HOME/zenml, else ~/.config/zenml. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = envSetting(env, CONFIG_DIR_VARIABLES);
  if (configured) return configured.value;
  const xdg = env.XDG_CONFIG_HOME || join(homeDir(), '.config');
  return join(xdg, 'zenml');
}

export function localStoresDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'local_stores');
}

export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(localStoresDir(env), 'default_zen_store', 'zenml.db');
}

export function globalConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.yaml');
}

/** Name of the per-project repository folder created by `zenml init`. */
export const REPOSITORY_DIR = '.zen';

/** Where `zenml scheduler start --daemon` keeps its pid and log files. */
export function schedulerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'scheduler');
}

/** Where a server started from a config dir keeps its generated admin password (0600), read by `zenml login --local`. */
export const DEFAULT_PASSWORD_FILE = 'default_user_password';
