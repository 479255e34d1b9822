// The bundle layout of bundle-format.ts as a stream of chunks for the export file: compression runs
// in zlib's thread pool and the key derivation in libuv's, so a large or encrypted bundle does not
// stall the core's event loop. Same framing functions as the in-memory encoder, so both agree.
import { createCipheriv, randomBytes, scrypt, type BinaryLike, type CipherGCM, type ScryptOptions } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip, crc32 } from 'node:zlib';
import {
  bodyChunks,
  bundleEntries,
  bundleKeyFrom,
  bundlePrefix,
  crcTrailer,
  DEFAULT_SCRYPT,
  DERIVED_KEY_BYTES,
  IV_BYTES,
  passphraseBytes,
  SALT_BYTES,
  scryptOptions,
  type BundleParts,
  type ScryptParams,
} from './bundle-format.ts';

function scryptAsync(password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function* bundleFileChunks(
  parts: BundleParts,
  passphrase?: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): AsyncGenerator<Buffer> {
  let cipher: CipherGCM | null = null;
  let prefix: Buffer;
  if (passphrase === undefined) {
    prefix = bundlePrefix({ compression: 'gzip', encryption: null });
  } else {
    const salt = randomBytes(SALT_BYTES);
    const iv = randomBytes(IV_BYTES);
    const derived = await scryptAsync(passphraseBytes(passphrase), salt, DERIVED_KEY_BYTES, scryptOptions(params));
    const { key, encryption } = bundleKeyFrom(derived, params, salt, iv);
    prefix = bundlePrefix({ compression: 'gzip', encryption });
    cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(prefix);
  }
  yield prefix;
  const gzip = createGzip();
  const source = Readable.from(bodyChunks(bundleEntries(parts)), { objectMode: false });
  source.on('error', (err) => gzip.destroy(err));
  source.pipe(gzip);
  let crc = 0;
  for await (const chunk of gzip as AsyncIterable<Buffer>) {
    if (cipher) yield cipher.update(chunk);
    else {
      crc = crc32(chunk, crc);
      yield chunk;
    }
  }
  yield cipher ? Buffer.concat([cipher.final(), cipher.getAuthTag()]) : crcTrailer(crc);
}
