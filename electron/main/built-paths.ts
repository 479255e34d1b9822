// Where the build puts the files main loads at run time. electron-vite writes main, the utility
// entry and the store worker to out/main, the preload to out/preload and the UI to out/renderer;
// inside the packaged app the same tree sits in app.asar.
import path from 'node:path';

export interface BuiltPaths {
  /** The core's utilityProcess entry (electron/host/utility.ts). */
  utility: string;
  /** The bundled CommonJS preload. */
  preload: string;
  /** Root served on app://pbxscope/. */
  renderer: string;
}

export function builtPaths(mainDir: string): BuiltPaths {
  return {
    utility: path.join(mainDir, 'utility.js'),
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: path.join(mainDir, '..', 'renderer'),
  };
}
