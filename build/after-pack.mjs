// electron-builder afterPack hook: flips the Electron fuses of the packed binary (security
// checklist item 19). It runs before signing, so the signature covers the flipped binary.
import path from 'node:path';
import fuses from '@electron/fuses';

const { flipFuses, FuseV1Options, FuseVersion } = fuses;

/**
 * Fuse settings by name. The core runs in a utilityProcess, so nothing needs ELECTRON_RUN_AS_NODE;
 * the UI is served from app://, so file:// needs no extra privileges. Asar integrity validation
 * stays as Electron ships it: turned on without embedded integrity data, the app would not start.
 */
export const FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
};

/** The Electron executable inside the packed app, named as electron-builder names it. */
export function electronBinaryPath(context) {
  const platform = context.electronPlatformName;
  const { appOutDir, packager } = context;
  switch (platform) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`after-pack: no Electron binary layout known for platform ${platform}`);
  }
}

export function fuseConfig(platform) {
  const config = {
    version: FuseVersion.V1,
    // Rewriting the binary breaks the ad-hoc signature Apple silicon requires; electron-builder
    // signs again afterwards when an identity is configured.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
  };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  return config;
}

// electron-builder calls the export named after the hook (or the default one).
export async function afterPack(context) {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, fuseConfig(context.electronPlatformName));
  console.log(`  • fuses flipped  file=${binary}`);
}

export default afterPack;
