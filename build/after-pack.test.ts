// Flips the fuses of a stand-in binary that carries Electron's fuse wire (sentinel, version,
// length, one byte per fuse), exactly as @electron/fuses finds it in a real Electron executable.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { afterPack, electronBinaryPath, type PackContext } from './after-pack.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 0x31;
const DISABLE = 0x30;
// Wire order of @electron/fuses 1.x (FuseV1Options).
const WIRE = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;

function fakeElectron(states: number[]): Buffer {
  return Buffer.concat([
    Buffer.from('ELF...code...'),
    Buffer.from(SENTINEL),
    Buffer.from([1, states.length, ...states]),
    Buffer.from('...more code'),
  ]);
}

function readWire(file: string): Record<string, number> {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return Object.fromEntries(WIRE.map((name, i) => [name, bytes[at + 2 + i] ?? -1]));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pbxscope-afterpack-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function linuxContext(): PackContext {
  return {
    electronPlatformName: 'linux',
    appOutDir: dir,
    packager: { executableName: 'pbxscope', appInfo: { productFilename: 'PBXScope' } },
  };
}

describe('after-pack hook', () => {
  it('turns off Node-as-a-backdoor fuses and turns on cookie encryption and asar-only loading', async () => {
    // Electron's defaults: the first four on except cookie encryption, the asar ones off, file:// privileged.
    writeFileSync(
      path.join(dir, 'pbxscope'),
      fakeElectron([ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE]),
    );
    await afterPack(linuxContext());
    expect(readWire(path.join(dir, 'pbxscope'))).toEqual({
      RunAsNode: DISABLE,
      EnableCookieEncryption: ENABLE,
      EnableNodeOptionsEnvironmentVariable: DISABLE,
      EnableNodeCliInspectArguments: DISABLE,
      // Left as Electron ships it: turning it on without embedded integrity data stops the app.
      EnableEmbeddedAsarIntegrityValidation: DISABLE,
      OnlyLoadAppFromAsar: ENABLE,
      LoadBrowserProcessSpecificV8Snapshot: DISABLE,
      GrantFileProtocolExtraPrivileges: DISABLE,
    });
  });

  it('fails the packaging when the binary carries no fuse wire', async () => {
    writeFileSync(path.join(dir, 'pbxscope'), Buffer.from('not electron'));
    await expect(afterPack(linuxContext())).rejects.toThrow(/sentinel/);
  });

  it('finds the executable where electron-builder puts it on each platform', () => {
    const packager = { executableName: 'pbxscope', appInfo: { productFilename: 'PBXScope' } };
    const at = (electronPlatformName: string): string =>
      electronBinaryPath({ electronPlatformName, appOutDir: '/out', packager } satisfies PackContext);
    expect(at('linux')).toBe(path.join('/out', 'pbxscope'));
    expect(at('win32')).toBe(path.join('/out', 'PBXScope.exe'));
    expect(at('darwin')).toBe(path.join('/out', 'PBXScope.app'));
    expect(() => at('aix')).toThrow(/aix/);
  });
});
