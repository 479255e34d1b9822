// IP addresses between wire bytes and text. Shared by the capture chain (ip.ts) and the HEP codec,
// which both build each address string once per packet on the hot path.

/** Dotted quad of the 4 bytes at `off`. */
export function formatIpv4(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/**
 * RFC 5952 text of the 16 bytes at `off`: lowercase hex, no leading zeros, the longest run of two
 * or more zero groups (the first one on a tie) written as `::`, IPv4-mapped addresses as
 * `::ffff:a.b.c.d` (the form Node's `net` module prints, so addresses compare equal across modules).
 */
export function formatIpv6(buf: Buffer, off: number): string {
  let mapped = buf[off + 10] === 0xff && buf[off + 11] === 0xff;
  for (let i = 0; mapped && i < 10; i++) if (buf[off + i] !== 0) mapped = false;
  if (mapped) return `::ffff:${formatIpv4(buf, off + 12)}`;

  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((buf[off + 2 * i] ?? 0) << 8) | (buf[off + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16));
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/** Writes the dotted quad `text` as 4 bytes at `off`; false (nothing written) if it is not one. */
export function writeIpv4(text: string, out: Buffer, off: number): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return false;
    const n = Number(p);
    if (n > 255) return false;
    bytes.push(n);
  }
  for (let i = 0; i < 4; i++) out[off + i] = bytes[i] ?? 0;
  return true;
}

/** Writes IPv6 `text` (with `::`, or a trailing dotted quad) as 16 bytes at `off`; false if it is not one. */
export function writeIpv6(text: string, out: Buffer, off: number): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out16: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i] ?? '';
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = Buffer.alloc(4);
        if (!writeIpv4(p, v4, 0)) return null;
        out16.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        out16.push(parseInt(p, 16));
      } else {
        return null;
      }
    }
    return out16;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return false;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  for (let i = 0; i < 8; i++) out.writeUInt16BE(all[i] ?? 0, off + 2 * i);
  return true;
}

/** 4 or 6 for a valid IPv4 / IPv6 text address, 0 otherwise. */
export function ipFamilyOf(text: string): 0 | 4 | 6 {
  const scratch = Buffer.alloc(16);
  if (writeIpv4(text, scratch, 0)) return 4;
  if (writeIpv6(text, scratch, 0)) return 6;
  return 0;
}
