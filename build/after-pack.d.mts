// Types of the afterPack hook (a plain .mjs module, because electron-builder loads hooks untyped).
export interface PackContext {
  electronPlatformName: string;
  appOutDir: string;
  packager: { executableName: string; appInfo: { productFilename: string } };
}
export declare const FUSES: Readonly<Record<string, boolean>>;
export declare function electronBinaryPath(context: PackContext): string;
export declare function fuseConfig(platform: string): Record<string, unknown>;
export declare function afterPack(context: PackContext): Promise<void>;
export default afterPack;
