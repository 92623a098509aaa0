import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenPrivatePaths } from '../core/private-files.js';
import { globalConfigPath } from './paths.js';
import { openYamlDocument, type YamlDocument } from './yaml-file.js';
import { nodeCrypto } from '../core/lazy-crypto.js';

export interface GlobalConfigData {
  /** Identifies this installation as the owner of what it creates. */
  userId?: string;
  userName?: string;
  /** Where the ZenStore lives; empty means the embedded SQLite file under the config dir. */
  store?: { url?: string };
  /** Name of the active stack when neither the environment nor a repository pins one. */
  activeStack?: string;
  /** Name or id of the project the CLI and SDK work in (`zenml project set`); `default` when unset. */
  activeProject?: string;
  /** Analytics are never collected; kept so configs written by the Python tool read cleanly. */
  analyticsOptIn?: boolean;
  secrets?: { backend?: 'sql' | 'keychain' };
}

const isServerUrl = (url: string | undefined) => url !== undefined && /^https?:\/\//i.test(url);

export class GlobalConfig {
  private constructor(private readonly db: YamlDocument<GlobalConfigData>, readonly path: string) {}

  static async load(env: NodeJS.ProcessEnv = process.env): Promise<GlobalConfig> {
    const path = globalConfigPath(env);
    // Moving a damaged file aside loses its user id (and the view of that user's private secrets): the user decides.
    const fix = `Fix it, or move it aside (mv ${path} ${path}.bak) to start with a fresh config and a new user id.`;
    const db = await openYamlDocument<GlobalConfigData>(path, { analyticsOptIn: false }, fix, { keepParsed: true });
    const config = new GlobalConfig(db, path);
    // Made before zenml created them private (0755/0644): everything below the folder is this user's.
    tightenPrivatePaths([
      { path: dirname(path), mode: PRIVATE_DIR_MODE },
      { path, mode: PRIVATE_FILE_MODE },
    ]);
    if (!db.data.userId) {
      db.data.userId = nodeCrypto().randomUUID();
      db.data.userName ??= env.USER || 'default';
      // A client pointed at a server by the environment (CI) is who its key says: it keeps no config file.
      if (!isServerUrl(env.ZENML_STORE_URL)) await db.write();
    }
    return config;
  }

  get data(): Readonly<GlobalConfigData> {
    return this.db.data;
  }

  async update(change: (data: GlobalConfigData) => void): Promise<void> {
    change(this.db.data);
    await this.db.write();
  }
}
