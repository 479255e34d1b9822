// The .pbxscope bundle: a versioned container that carries an export losslessly (calls, every
// message with its raw bytes, the text and HTML renderings, what was selected and redacted),
// gzip-compressed and optionally encrypted (AES-256-GCM, key from scrypt). BUNDLE-FORMAT.md is the
// byte-level description; this file is its one implementation. Pure: Buffers in and out, errors as
// values (`decodeBundle` never throws), randomness only through the caller's options.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { CallSummary } from '../../../shared/domain.ts';
import type { AppliedRedaction, ExportMessage, SelectionInfo } from './model.ts';

export const BUNDLE_MAGIC = Buffer.from('PBXSCOPE', 'latin1');
/** Container version; a reader refuses a higher one rather than guess at it. */
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_FILE_EXTENSION = 'pbxscope';

const VERSION_BYTES = 2;
const HEADER_LENGTH_BYTES = 4;
const FIXED_PREFIX_BYTES = BUNDLE_MAGIC.length + VERSION_BYTES + HEADER_LENGTH_BYTES;
const CRC_BYTES = 4;
/** The plaintext header is a few hundred bytes of JSON; more is not a bundle this code wrote. */
export const MAX_HEADER_BYTES = 64 * 1024;
/**
 * Decompressed body accepted. An export carries at most 128 MiB of SIP plus its renderings (well
 * under 1 GiB), and the bound keeps a crafted file from inflating without end.
 */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** scrypt work factors: N = 2^17, r = 8, p = 1 is OWASP's recommended minimum for scrypt (128 MiB, ~0.3 s). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Largest work factors a reader accepts from a file header: a crafted header must not ask for gigabytes. */
const MAX_SCRYPT_N = 2 ** 20;
const MAX_SCRYPT_R = 16;
const MAX_SCRYPT_P = 4;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_CHECK_BYTES = 16;
/** scrypt output: the AES key, then a second key whose hash tells a wrong passphrase from a damaged file. */
const DERIVED_BYTES = KEY_BYTES * 2;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface BundleEncryption extends ScryptParams {
  cipher: 'aes-256-gcm';
  kdf: 'scrypt';
  /** base64 */
  salt: string;
  /** base64 */
  iv: string;
  /** base64 of the first 16 bytes of SHA-256(second half of the scrypt output). */
  keyCheck: string;
}

export interface BundleHeader {
  compression: 'gzip';
  encryption: BundleEncryption | null;
}

export interface BundleMeta {
  formatVersion: number;
  appVersion: string;
  /** µs UTC. */
  createdAt: number;
  /** The capture the calls were exported from (0 = live). */
  capture: number;
  selection: SelectionInfo;
  redaction: AppliedRedaction;
  calls: number;
  messages: number;
}

export interface Bundle {
  meta: BundleMeta;
  /** Newest first. */
  calls: CallSummary[];
  /** Capture-time order, raw bytes exactly as exported. */
  messages: ExportMessage[];
  text?: string;
  html?: string;
}

export type BundleErrorCode =
  'not_a_bundle' | 'unsupported_version' | 'needs_passphrase' | 'wrong_passphrase' | 'corrupt_bundle';
export type DecodeBundleResult = { ok: true; bundle: Bundle } | { ok: false; code: BundleErrorCode; message: string };

/** Entry names of format version 1. Readers skip names they do not know. */
export const ENTRY = {
  meta: 'meta.json',
  calls: 'calls.json',
  messages: 'messages.json',
  raw: 'raw.bin',
  text: 'report.txt',
  html: 'report.html',
} as const;
const ENTRY_NAME_LENGTH_BYTES = 2;
const ENTRY_DATA_LENGTH_BYTES = 4;

// ---------- writing ----------

/** The key material of an encrypted bundle: what the header records and the key it protects. */
export interface BundleKey {
  encryption: BundleEncryption;
  key: Buffer;
}

export function bundleKeyFrom(derived: Buffer, params: ScryptParams, salt: Buffer, iv: Buffer): BundleKey {
  return {
    key: derived.subarray(0, KEY_BYTES),
    encryption: {
      cipher: 'aes-256-gcm',
      kdf: 'scrypt',
      N: params.N,
      r: params.r,
      p: params.p,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      keyCheck: keyCheckOf(derived).toString('base64'),
    },
  };
}

export function scryptOptions(params: ScryptParams): { N: number; r: number; p: number; maxmem: number } {
  // scrypt needs 128·N·r bytes for its big array plus 128·r·p for the blocks; room on top for bookkeeping.
  return { ...params, maxmem: 128 * params.N * params.r + 128 * params.r * params.p + 1024 * 1024 };
}

export const DERIVED_KEY_BYTES = DERIVED_BYTES;

/** Passphrases are NFC-normalised so the same words typed on another keyboard or OS give the same key. */
export function passphraseBytes(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

function keyCheckOf(derived: Buffer): Buffer {
  return createHash('sha256').update(derived.subarray(KEY_BYTES, DERIVED_BYTES)).digest().subarray(0, KEY_CHECK_BYTES);
}

/** Magic, version, header length, header JSON and the CRC-32 of all of it: the plaintext part of the file. */
export function bundlePrefix(header: BundleHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(FIXED_PREFIX_BYTES + json.length + CRC_BYTES);
  BUNDLE_MAGIC.copy(out, 0);
  out.writeUInt16BE(BUNDLE_FORMAT_VERSION, BUNDLE_MAGIC.length);
  out.writeUInt32BE(json.length, BUNDLE_MAGIC.length + VERSION_BYTES);
  json.copy(out, FIXED_PREFIX_BYTES);
  out.writeUInt32BE(crc32(out.subarray(0, FIXED_PREFIX_BYTES + json.length)), FIXED_PREFIX_BYTES + json.length);
  return out;
}

/** One body entry's framing: name length, name, data length (the data follows). */
export function entryHeader(name: string, dataLength: number): Buffer {
  const n = Buffer.from(name, 'utf8');
  const out = Buffer.alloc(ENTRY_NAME_LENGTH_BYTES + n.length + ENTRY_DATA_LENGTH_BYTES);
  out.writeUInt16BE(n.length, 0);
  n.copy(out, ENTRY_NAME_LENGTH_BYTES);
  out.writeUInt32BE(dataLength, ENTRY_NAME_LENGTH_BYTES + n.length);
  return out;
}

/** A plaintext bundle ends with the CRC-32 of its compressed content (gzip's own header fields are unchecked). */
export function crcTrailer(crc: number): Buffer {
  const out = Buffer.alloc(CRC_BYTES);
  out.writeUInt32BE(crc >>> 0, 0);
  return out;
}

/** The body ends with an entry whose name is empty. */
export const END_OF_ENTRIES = Buffer.alloc(ENTRY_NAME_LENGTH_BYTES);

/** messages.json: every field of every message except the bytes, which follow in raw.bin in the same order. */
function messagesJson(messages: readonly ExportMessage[]): Buffer {
  return Buffer.from(JSON.stringify(messages.map(({ raw, ...meta }) => ({ ...meta, rawLength: raw.length }))), 'utf8');
}

/** What a bundle is written from: the renderings as UTF-8 chunks, since a large HTML report exceeds one JS string. */
export interface BundleParts {
  meta: BundleMeta;
  calls: readonly CallSummary[];
  messages: readonly ExportMessage[];
  text?: readonly Buffer[];
  html?: readonly Buffer[];
}

/** Body entries in order, each as chunks (so a writer can stream them without concatenating). */
export function bundleEntries(parts: BundleParts): { name: string; chunks: readonly Buffer[] }[] {
  const entries: { name: string; chunks: readonly Buffer[] }[] = [
    { name: ENTRY.meta, chunks: [Buffer.from(JSON.stringify(parts.meta), 'utf8')] },
    { name: ENTRY.calls, chunks: [Buffer.from(JSON.stringify(parts.calls), 'utf8')] },
    { name: ENTRY.messages, chunks: [messagesJson(parts.messages)] },
    { name: ENTRY.raw, chunks: parts.messages.map((m) => m.raw) },
  ];
  if (parts.text !== undefined) entries.push({ name: ENTRY.text, chunks: parts.text });
  if (parts.html !== undefined) entries.push({ name: ENTRY.html, chunks: parts.html });
  return entries;
}

/** The uncompressed body as one sequence of buffers: every entry framed, then the end marker. */
export function bodyChunks(entries: readonly { name: string; chunks: readonly Buffer[] }[]): Buffer[] {
  const out: Buffer[] = [];
  for (const e of entries) {
    out.push(
      entryHeader(
        e.name,
        e.chunks.reduce((n, c) => n + c.length, 0),
      ),
      ...e.chunks,
    );
  }
  out.push(END_OF_ENTRIES);
  return out;
}

export interface EncodeOptions {
  passphrase?: string;
  /** Defaults to DEFAULT_SCRYPT; tests use cheaper factors. */
  scrypt?: ScryptParams;
  /** Source of salt and IV; defaults to crypto.randomBytes. */
  random?: (bytes: number) => Buffer;
}

/**
 * The whole file in memory, synchronously. The export service streams the same layout to disk
 * (bundle-write.ts); this form is for tests and small callers.
 */
export function encodeBundle(bundle: Bundle, opts: EncodeOptions = {}): Buffer {
  const parts: BundleParts = { meta: bundle.meta, calls: bundle.calls, messages: bundle.messages };
  if (bundle.text !== undefined) parts.text = [Buffer.from(bundle.text, 'utf8')];
  if (bundle.html !== undefined) parts.html = [Buffer.from(bundle.html, 'utf8')];
  const compressed = gzipSync(Buffer.concat(bodyChunks(bundleEntries(parts))));
  if (opts.passphrase === undefined) {
    return Buffer.concat([
      bundlePrefix({ compression: 'gzip', encryption: null }),
      compressed,
      crcTrailer(crc32(compressed)),
    ]);
  }
  const random = opts.random ?? randomBytes;
  const params = opts.scrypt ?? DEFAULT_SCRYPT;
  const salt = random(SALT_BYTES);
  const iv = random(IV_BYTES);
  const derived = scryptSync(passphraseBytes(opts.passphrase), salt, DERIVED_BYTES, scryptOptions(params));
  const { key, encryption } = bundleKeyFrom(derived, params, salt, iv);
  const prefix = bundlePrefix({ compression: 'gzip', encryption });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(prefix);
  return Buffer.concat([prefix, cipher.update(compressed), cipher.final(), cipher.getAuthTag()]);
}

// ---------- reading ----------

type Fail = { ok: false; code: BundleErrorCode; message: string };
const failWith = (code: BundleErrorCode, message: string): Fail => ({ ok: false, code, message });
const corrupt = (what: string): Fail => failWith('corrupt_bundle', `the bundle is damaged or incomplete: ${what}`);

const EncryptionSchema = z.object({
  cipher: z.literal('aes-256-gcm'),
  kdf: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2)
    .max(MAX_SCRYPT_N)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(MAX_SCRYPT_R),
  p: z.number().int().min(1).max(MAX_SCRYPT_P),
  salt: z.base64(),
  iv: z.base64(),
  keyCheck: z.base64(),
});
const HeaderSchema = z.object({ compression: z.literal('gzip'), encryption: EncryptionSchema.nullable() });

const CallSchema = z.object({
  callId: z.string(),
  method: z.string(),
  state: z.enum(['trying', 'ringing', 'answered', 'ended', 'failed', 'cancelled', 'pending', 'completed', 'timeout']),
  startedAt: z.number().int(),
  ringingAt: z.number().int().optional(),
  answeredAt: z.number().int().optional(),
  endedAt: z.number().int().optional(),
  updatedAt: z.number().int(),
  finalCode: z.number().int().optional(),
  finalReason: z.string().optional(),
  endReason: z.string().optional(),
  endedBy: z.enum(['caller', 'callee']).optional(),
  from: z.string(),
  to: z.string(),
  fromUri: z.string().optional(),
  toUri: z.string().optional(),
  srcIp: z.string(),
  srcPort: z.number().int(),
  dstIp: z.string(),
  dstPort: z.number().int(),
  userAgent: z.string().optional(),
  messageCount: z.number().int(),
  retransmissions: z.number().int(),
  srdMs: z.number().optional(),
  pddMs: z.number().optional(),
  durationMs: z.number().optional(),
  rrdMs: z.number().optional(),
  correlationId: z.string().optional(),
  captureId: z.number().int().optional(),
  node: z.string().optional(),
  capture: z.number().int(),
});

const MessageSchema = z.object({
  id: z.number().int(),
  ts: z.number().int(),
  callId: z.string(),
  method: z.string().optional(),
  status: z.number().int().optional(),
  reason: z.string().optional(),
  cseq: z.number().int(),
  cseqMethod: z.string(),
  srcIp: z.string(),
  srcPort: z.number().int().min(0).max(65535),
  dstIp: z.string(),
  dstPort: z.number().int().min(0).max(65535),
  transport: z.enum(['udp', 'tcp']),
  captureId: z.number().int().optional(),
  node: z.string().optional(),
  correlationId: z.string().optional(),
  retransmission: z.boolean(),
  malformed: z.string().optional(),
  rawLength: z.number().int().nonnegative(),
});

const MetaSchema = z.object({
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.number().int(),
  capture: z.number().int(),
  selection: z.union([
    z.object({ kind: z.literal('calls'), callIds: z.array(z.string()) }),
    z.object({ kind: z.literal('query'), query: z.record(z.string(), z.union([z.string(), z.number()])) }),
  ]),
  redaction: z.object({ numbers: z.boolean(), ips: z.boolean(), auth: z.boolean(), sdp: z.boolean() }),
  calls: z.number().int(),
  messages: z.number().int(),
});

/** True when `buf` starts like a bundle (for a file-type sniffer; `decodeBundle` checks everything else). */
export function looksLikeBundle(buf: Buffer): boolean {
  return buf.length >= BUNDLE_MAGIC.length && buf.subarray(0, BUNDLE_MAGIC.length).equals(BUNDLE_MAGIC);
}

/**
 * Reads a bundle. Never throws: a file that is not a bundle, a newer format, a missing or wrong
 * passphrase and any damage (truncation, flipped bits, tampering) each come back as their own code.
 */
export function decodeBundle(buf: Buffer, passphrase?: string): DecodeBundleResult {
  try {
    return decode(buf, passphrase);
  } catch (err) {
    // Every expected failure is handled above; this is the net for the unforeseen, still a value.
    return corrupt(err instanceof Error ? err.message : String(err));
  }
}

function decode(buf: Buffer, passphrase: string | undefined): DecodeBundleResult {
  if (!looksLikeBundle(buf)) {
    const partialMagic =
      buf.length > 0 && buf.length < BUNDLE_MAGIC.length && BUNDLE_MAGIC.subarray(0, buf.length).equals(buf);
    return partialMagic
      ? corrupt('the file ends inside its signature')
      : failWith('not_a_bundle', 'not a PBXScope bundle (the file does not start with PBXSCOPE)');
  }
  if (buf.length < FIXED_PREFIX_BYTES) return corrupt('the file ends inside its header');
  const version = buf.readUInt16BE(BUNDLE_MAGIC.length);
  if (version !== BUNDLE_FORMAT_VERSION) {
    return failWith(
      'unsupported_version',
      `bundle format version ${version} is not supported (this PBXScope reads version ${BUNDLE_FORMAT_VERSION}${version > BUNDLE_FORMAT_VERSION ? '; it was written by a newer PBXScope' : ''})`,
    );
  }
  const headerLength = buf.readUInt32BE(BUNDLE_MAGIC.length + VERSION_BYTES);
  if (headerLength > MAX_HEADER_BYTES) return corrupt(`a header of ${headerLength} bytes`);
  const prefixEnd = FIXED_PREFIX_BYTES + headerLength + CRC_BYTES;
  if (buf.length < prefixEnd) return corrupt('the file ends inside its header');
  if (crc32(buf.subarray(0, prefixEnd - CRC_BYTES)) !== buf.readUInt32BE(prefixEnd - CRC_BYTES))
    return corrupt('the header checksum does not match');
  const header = HeaderSchema.safeParse(parseJson(buf.subarray(FIXED_PREFIX_BYTES, prefixEnd - CRC_BYTES)));
  if (!header.success) return corrupt('the header is not one this version writes');
  const prefix = buf.subarray(0, prefixEnd);
  const payload = buf.subarray(prefixEnd);

  let compressed: Buffer;
  const enc = header.data.encryption;
  if (enc === null) {
    if (payload.length < CRC_BYTES) return corrupt('the file ends before its checksum');
    compressed = payload.subarray(0, payload.length - CRC_BYTES);
    if (crc32(compressed) !== payload.readUInt32BE(payload.length - CRC_BYTES))
      return corrupt('the content checksum does not match');
  } else {
    if (passphrase === undefined) return failWith('needs_passphrase', 'this bundle is encrypted: give its passphrase');
    const salt = Buffer.from(enc.salt, 'base64');
    const iv = Buffer.from(enc.iv, 'base64');
    const check = Buffer.from(enc.keyCheck, 'base64');
    if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES || check.length !== KEY_CHECK_BYTES)
      return corrupt('the encryption header is malformed');
    const derived = scryptSync(passphraseBytes(passphrase), salt, DERIVED_BYTES, scryptOptions(enc));
    if (!timingSafeEqual(keyCheckOf(derived), check))
      return failWith('wrong_passphrase', 'the passphrase does not open this bundle');
    if (payload.length < TAG_BYTES) return corrupt('the file ends before its authentication tag');
    const decipher = createDecipheriv('aes-256-gcm', derived.subarray(0, KEY_BYTES), iv);
    decipher.setAAD(prefix);
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    const plain = decipher.update(payload.subarray(0, payload.length - TAG_BYTES));
    try {
      compressed = Buffer.concat([plain, decipher.final()]);
    } catch {
      return corrupt('the content fails its authentication tag');
    }
  }

  let body: Buffer;
  try {
    body = gunzipSync(compressed, { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    return corrupt(`the content does not decompress (${err instanceof Error ? err.message : String(err)})`);
  }
  return readBody(body);
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

function readEntries(body: Buffer): Map<string, Buffer> | null {
  const entries = new Map<string, Buffer>();
  let off = 0;
  for (;;) {
    if (off + ENTRY_NAME_LENGTH_BYTES > body.length) return null;
    const nameLength = body.readUInt16BE(off);
    off += ENTRY_NAME_LENGTH_BYTES;
    if (nameLength === 0) return off === body.length ? entries : null;
    if (off + nameLength + ENTRY_DATA_LENGTH_BYTES > body.length) return null;
    const name = body.toString('utf8', off, off + nameLength);
    off += nameLength;
    const dataLength = body.readUInt32BE(off);
    off += ENTRY_DATA_LENGTH_BYTES;
    if (off + dataLength > body.length) return null;
    entries.set(name, body.subarray(off, off + dataLength));
    off += dataLength;
  }
}

function readBody(body: Buffer): DecodeBundleResult {
  const entries = readEntries(body);
  if (!entries) return corrupt('the content entries do not add up');
  const metaBuf = entries.get(ENTRY.meta);
  const callsBuf = entries.get(ENTRY.calls);
  const messagesBuf = entries.get(ENTRY.messages);
  const raw = entries.get(ENTRY.raw);
  if (!metaBuf || !callsBuf || !messagesBuf || !raw) return corrupt('a required entry is missing');
  const meta = MetaSchema.safeParse(parseJson(metaBuf));
  if (!meta.success) return corrupt('meta.json does not describe an export');
  if (meta.data.formatVersion !== BUNDLE_FORMAT_VERSION)
    return failWith('unsupported_version', `bundle content version ${meta.data.formatVersion} is not supported`);
  const calls = z.array(CallSchema).safeParse(parseJson(callsBuf));
  if (!calls.success) return corrupt('calls.json does not hold calls');
  const metas = z.array(MessageSchema).safeParse(parseJson(messagesBuf));
  if (!metas.success) return corrupt('messages.json does not hold messages');
  const messages: ExportMessage[] = [];
  let off = 0;
  for (const { rawLength, ...m } of metas.data) {
    if (off + rawLength > raw.length) return corrupt('raw.bin is shorter than the messages say');
    // A copy, so a caller keeping one message does not keep the whole decompressed body alive.
    messages.push(stripUndefined({ ...m, raw: Buffer.from(raw.subarray(off, off + rawLength)) }));
    off += rawLength;
  }
  if (off !== raw.length) return corrupt('raw.bin is longer than the messages say');
  const bundle: Bundle = { meta: meta.data, calls: calls.data.map(stripUndefined) as CallSummary[], messages };
  const text = entries.get(ENTRY.text);
  const html = entries.get(ENTRY.html);
  if (text) bundle.text = text.toString('utf8');
  if (html) bundle.html = html.toString('utf8');
  return { ok: true, bundle };
}

/** Optional fields absent rather than present-and-undefined, as the rest of the app builds them. */
function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
