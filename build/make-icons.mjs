// Draws the app icon (assets/icon.png, 1024 px: electron-builder derives .icns/.ico from it) and the
// tray icon (assets/tray.png) with plain Node: no image tool is installed on the build machines.
// The motif is a live-signal pulse line across a dark rounded square.
// Run: node build/make-icons.mjs   (output is committed; rerun only to change the design)
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));

function roundedRectDistance(x, y, half, radius) {
  const qx = Math.abs(x) - (half - radius);
  const qy = Math.abs(y) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// Unit coordinates (-1..1): a flat line, a sharp spike up and down, a flat line.
const PULSE = [
  [-0.72, 0.08],
  [-0.3, 0.08],
  [-0.16, -0.5],
  [0.02, 0.56],
  [0.18, -0.22],
  [0.3, 0.08],
  [0.72, 0.08],
];

function draw(size, { margin, radius, stroke }) {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = size / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / scale - 1;
      const y = (py + 0.5) / scale - 1;
      const bg = clamp(0.5 - roundedRectDistance(x, y, 1 - margin, radius) * scale);
      let d = Infinity;
      for (let i = 1; i < PULSE.length; i++) d = Math.min(d, segmentDistance(x, y, PULSE[i - 1], PULSE[i]));
      const line = clamp(0.5 - (d - stroke) * scale) * bg;
      // Background: slate, lighter towards the top. Line: cyan.
      const shade = 0.5 - y / 2;
      const r = 15 + 20 * shade;
      const g = 23 + 28 * shade;
      const b = 42 + 36 * shade;
      const o = (py * size + px) * 4;
      rgba[o] = Math.round(r * (1 - line) + 34 * line);
      rgba[o + 1] = Math.round(g * (1 - line) + 211 * line);
      rgba[o + 2] = Math.round(b * (1 - line) + 238 * line);
      rgba[o + 3] = Math.round(255 * bg);
    }
  }
  return png(size, rgba);
}

mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'assets', 'icon.png'), draw(1024, { margin: 0.1, radius: 0.36, stroke: 0.065 }));
// The tray icon is tiny: no margin and a thicker line so the pulse survives 16 px.
writeFileSync(path.join(root, 'assets', 'tray.png'), draw(32, { margin: 0, radius: 0.3, stroke: 0.11 }));
console.log('wrote assets/icon.png and assets/tray.png');
