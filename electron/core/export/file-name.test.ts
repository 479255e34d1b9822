import { describe, expect, it } from 'vitest';
import { exportFileName, safeFilePart, withSuffix } from './file-name.ts';

const AT = 1_795_400_000_123_456; // 2026-11-23 02:13:20.123456 UTC

describe('export file names', () => {
  it('names a single call after its Call-ID, several after the first and a count, a search as search', () => {
    expect(exportFileName({ callIds: ['a84b4c76e66710@pc33.atlanta.com'] }, AT, 'pcap')).toBe(
      'pbxscope-a84b4c76e66710_pc33.atlanta.com-20261123T021320Z.pcap',
    );
    expect(exportFileName({ callIds: ['x', 'y', 'z'] }, AT, 'html')).toBe(
      'pbxscope-x-and-2-more-20261123T021320Z.html',
    );
    expect(exportFileName({ search: true }, AT, 'text')).toBe('pbxscope-search-20261123T021320Z.txt');
    expect(exportFileName({ search: true }, AT, 'bundle')).toBe('pbxscope-search-20261123T021320Z.pbxscope');
  });

  it('keeps only characters every file system accepts and nothing that hides the file or reads as an option', () => {
    expect(safeFilePart('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFilePart('-rf /')).toBe('rf');
    expect(safeFilePart('C:\\con\u0000<>|"?*')).toBe('C_con');
    expect(safeFilePart('…')).toBe('call');
    expect(safeFilePart('x'.repeat(500))).toHaveLength(60);
  });

  it('adds a counter before the extension for the next free name', () => {
    expect(withSuffix('pbxscope-a-20261123T021320Z.pcap', 2)).toBe('pbxscope-a-20261123T021320Z-2.pcap');
    expect(withSuffix('noext', 3)).toBe('noext-3');
  });
});
