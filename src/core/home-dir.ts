import { homedir, tmpdir, userInfo } from 'node:os';

/**
 * The user's home folder. Node takes $HOME as it is, so with HOME set but empty it gives ''
 * and every path built under it is relative to the working directory (a store created in
 * ./.config of wherever zenml ran): then the account's home from the user database, as Node
 * gives it when HOME is unset, and only without one the temp folder.
 */
export function homeDir(): string {
  const home = homedir();
  if (home) return home;
  try {
    return userInfo().homedir || tmpdir();
  } catch {
    return tmpdir();
  }
}
