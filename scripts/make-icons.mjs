// Draws the app icon and the tray icons (one per agent state, for light and dark panels) as PNGs.
// Made by the project so every asset's licence is ours. Run: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
        r += pr * pa; g += pg * pa; b += pb * pa; a += pa;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0; raw[o + 1] = a ? Math.round(g / a) : 0; raw[o + 2] = a ? Math.round(b / a) : 0; raw[o + 3] = Math.round((a / 16) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

// Handset glyph: two rounded ear/mouth pieces joined by an arc, in unit coordinates.
function handset(x, y) {
  const cx = 0.5, cy = 0.5;
  const dx = x - cx, dy = y - cy;
  const d = Math.hypot(dx, dy);
  const ang = Math.atan2(dy, dx);
  const arc = d > 0.2 && d < 0.3 && ang > Math.PI * 0.05 && ang < Math.PI * 0.95;
  const ear = Math.hypot(x - 0.27, y - 0.58) < 0.1;
  const mouth = Math.hypot(x - 0.73, y - 0.58) < 0.1;
  return (arc && y > 0.5) || ear || mouth;
}
function roundedSquare(x, y, r = 0.2) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0), qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return Math.hypot(qx, qy) <= r;
}

const appIcon = png(512, (x, y) => {
  if (!roundedSquare(x, y, 0.22)) return [0, 0, 0, 0];
  if (handset(x, 1 - y + 0.08)) return [255, 255, 255, 1];
  return [...hex('#1d4ed8'), 1];
});
mkdirSync(path.join(root, 'build'), { recursive: true });
mkdirSync(path.join(root, 'assets', 'tray'), { recursive: true });
writeFileSync(path.join(root, 'build', 'icon.png'), appIcon);
writeFileSync(path.join(root, 'assets', 'icon.png'), png(256, (x, y) => (roundedSquare(x, y, 0.22) ? (handset(x, 1 - y + 0.08) ? [255, 255, 255, 1] : [...hex('#1d4ed8'), 1]) : [0, 0, 0, 0])));

// Tray: the handset in the panel's foreground colour, with a state dot (colour + shape differ so the state
// reads without colour vision too: ring = ringing, bars = on hold, square = wrap-up).
const STATES = {
  offline: { color: '#9ca3af', mark: 'hollow' },
  available: { color: '#16a34a', mark: 'dot' },
  ringing: { color: '#f59e0b', mark: 'ring' },
  'in-call': { color: '#dc2626', mark: 'dot' },
  'on-hold': { color: '#7c3aed', mark: 'bars' },
  'wrap-up': { color: '#0ea5e9', mark: 'square' },
};
for (const [theme, fg] of [['light', '#1f2937'], ['dark', '#f9fafb']]) {
  for (const [state, { color, mark }] of Object.entries(STATES)) {
    for (const size of [16, 32]) {
      const img = png(size, (x, y) => {
        const mx = x - 0.76, my = y - 0.76, md = Math.hypot(mx, my);
        const inMark = mark === 'dot' ? md < 0.22
          : mark === 'hollow' ? md < 0.22 && md > 0.12
          : mark === 'ring' ? md < 0.24 && md > 0.1 || md < 0.05
          : mark === 'bars' ? Math.abs(my) < 0.2 && (Math.abs(mx + 0.08) < 0.05 || Math.abs(mx - 0.08) < 0.05)
          : Math.abs(mx) < 0.18 && Math.abs(my) < 0.18;
        if (inMark) return [...hex(color), 1];
        if (md < 0.28) return [0, 0, 0, 0];
        if (handset(x * 1.15 - 0.05, 1 - y * 1.15 + 0.12)) return [...hex(fg), 1];
        return [0, 0, 0, 0];
      });
      writeFileSync(path.join(root, 'assets', 'tray', `${state}-${theme}${size === 32 ? '@2x' : ''}.png`), img);
    }
  }
}
console.log('icons written: build/icon.png, assets/icon.png, assets/tray/*.png');
