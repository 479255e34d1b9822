// multipart/* bodies (RFC 2046 §5.1), as in SIP-I/SIP-T INVITEs carrying SDP plus ISUP: finds the
// part of a given content type so the SDP summary still works when the SDP is one part among others.

/** Parts examined before giving up: SIP-I bodies have 2-3; more is crafted. */
const MAX_PARTS = 8;

/** The body of the first part whose Content-Type is `mediaType` (lowercase), or null. */
export function findMultipartPart(body: Buffer, boundary: string, mediaType: string): Buffer | null {
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let pos = body.indexOf(delimiter);
  for (let n = 0; pos !== -1 && n < MAX_PARTS; n++) {
    const afterDelim = pos + delimiter.length;
    if (body[afterDelim] === 0x2d && body[afterDelim + 1] === 0x2d) return null; // closing "--boundary--"
    const next = body.indexOf(delimiter, afterDelim);
    const partEnd = next === -1 ? body.length : next;
    const part = body.subarray(afterDelim, partEnd);
    let sep = part.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (sep === -1) {
      sep = part.indexOf('\n\n');
      sepLen = 2;
    }
    if (sep !== -1) {
      const head = part.toString('latin1', 0, sep);
      const m = /(?:^|\n)\s*(?:content-type|c)\s*:\s*([^;\r\n]+)/i.exec(head);
      if (m && (m[1] ?? '').trim().toLowerCase() === mediaType) {
        let end = part.length;
        // The CRLF before the next delimiter belongs to the delimiter (RFC 2046).
        if (part[end - 1] === 0x0a) end--;
        if (part[end - 1] === 0x0d) end--;
        return part.subarray(sep + sepLen, Math.max(sep + sepLen, end));
      }
    }
    pos = next;
  }
  return null;
}
