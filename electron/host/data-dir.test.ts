import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir.ts';

describe('defaultDataDir', () => {
  it('matches where Electron keeps userData on each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/PBXScope');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/PBXScope');
    expect(defaultDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/PBXScope');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\PBXScope',
    );
  });
});
