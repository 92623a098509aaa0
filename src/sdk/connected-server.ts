/**
 * The server this client is connected to: ZENML_STORE_URL when it names a server (CI), else
 * the server `zenml login` pointed the global config at. Undefined for the local store.
 */
import { normalizeServerUrl } from '../config/credentials.js';
import { GlobalConfig } from '../config/global-config.js';

const isServerUrl = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

export async function connectedServerUrl(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (isServerUrl(env.ZENML_STORE_URL)) return normalizeServerUrl(env.ZENML_STORE_URL);
  const configured = (await GlobalConfig.load(env)).data.store?.url;
  return isServerUrl(configured) ? normalizeServerUrl(configured) : undefined;
}
