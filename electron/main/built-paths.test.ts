import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPaths } from './built-paths.ts';

describe('builtPaths', () => {
  it('finds the utility beside main and the preload and UI in sibling folders of out/', () => {
    const out = path.resolve('/opt/PBXScope/resources/app.asar/out');
    expect(builtPaths(path.join(out, 'main'))).toEqual({
      utility: path.join(out, 'main', 'utility.js'),
      preload: path.join(out, 'preload', 'index.cjs'),
      renderer: path.join(out, 'renderer'),
    });
  });
});
