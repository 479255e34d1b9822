// Where PBXScope keeps its database when --data-dir is not given: the same folder Electron's
// app.getPath('userData') uses, so web mode and the desktop app share one history.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'PBXScope';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
}
