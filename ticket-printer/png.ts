// What the emulator printed, as a PNG of the paper: 1 pixel = 1 printer dot (576 dots on 80 mm, 384 on
// 58 mm). Text is drawn with GNU Unifont (Debian package `unifont`, a bitmap font with every CJK
// character): its 8×16 / 16×16 glyphs scaled by 1.5 give the 12×24 / 24×24 cells of a thermal
// printer's font A, so what the PNG shows is what a real printer's ROM font would put on paper.
// QR codes are drawn from their data (the `qrcode` package makes the matrix, as the printer's firmware
// would), raster images dot for dot.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import type { Block, PrintedTicket, Raster } from './decoder.js';

export const UNIFONT_PATH = process.env.HALL_UNIFONT ?? '/usr/share/unifont/unifont.hex';

let glyphs: Map<number, string> | null = null;

/** Unifont's glyphs by code point (hex rows), read once; an empty map when the font is missing. */
function font(): Map<number, string> {
  if (glyphs) return glyphs;
  glyphs = new Map();
  try {
    for (const line of readFileSync(UNIFONT_PATH, 'latin1').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) glyphs.set(parseInt(line.slice(0, i), 16), line.slice(i + 1).trim());
    }
  } catch {
    // No font on this machine: characters are drawn as boxes (as a printer without the glyph does).
  }
  return glyphs;
}

export function hasFont(): boolean {
  return font().size > 0;
}

class Canvas {
  readonly rows: Uint8Array[] = [];
  constructor(readonly width: number) {}

  private row(y: number): Uint8Array {
    while (this.rows.length <= y) this.rows.push(new Uint8Array(this.width));
    return this.rows[y]!;
  }

  dot(x: number, y: number): void {
    if (x < 0 || x >= this.width || y < 0) return;
    this.row(y)[x] = 1;
  }

  rect(x: number, y: number, w: number, h: number): void {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.dot(x + i, y + j);
  }

  grow(height: number): void {
    if (height > 0) this.row(height - 1);
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: Math.max(1, this.rows.length), colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.alloc(this.width * png.height, 255);
    this.rows.forEach((r, y) => r.forEach((v, x) => v && (png.data[y * this.width + x] = 0)));
    return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  }
}

/** Draws one character cell at (x, y), scaled; returns its width in dots. */
function drawChar(c: Canvas, ch: string, x: number, y: number, sx: number, sy: number, bold: boolean): number {
  const hex = font().get(ch.codePointAt(0)!);
  const wide = hex ? hex.length === 64 : /[^\x00-\xff]/.test(ch);
  const cellW = (wide ? 24 : 12) * sx;
  const cellH = 24 * sy;
  if (!hex) {
    // No glyph: an outlined box, the printer's "missing character".
    for (let i = 0; i < cellW - 2; i++) (c.dot(x + 1 + i, y + 2), c.dot(x + 1 + i, y + cellH - 3));
    for (let j = 2; j < cellH - 2; j++) (c.dot(x + 1, y + j), c.dot(x + cellW - 2, y + j));
    return cellW;
  }
  const gw = wide ? 16 : 8;
  const stride = gw / 4;
  for (let gy = 0; gy < 16; gy++) {
    const bits = parseInt(hex.slice(gy * stride, gy * stride + stride), 16);
    for (let gx = 0; gx < gw; gx++) {
      if (!(bits & (1 << (gw - 1 - gx)))) continue;
      // Scale 1.5 to the 12×24 / 24×24 cell, times the GS ! multipliers.
      const x0 = x + Math.floor((gx * 3 * sx) / 2);
      const x1 = x + Math.floor(((gx + 1) * 3 * sx) / 2);
      const y0 = y + Math.floor((gy * 3 * sy) / 2);
      const y1 = y + Math.floor(((gy + 1) * 3 * sy) / 2);
      c.rect(x0, y0, x1 - x0 + (bold ? 1 : 0), y1 - y0);
    }
  }
  return cellW;
}

function place(align: 'left' | 'center' | 'right', indent: number, w: number, paper: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paper - w) / 2));
  if (align === 'right') return Math.max(0, paper - w);
  return indent;
}

function drawRaster(c: Canvas, r: Raster, x: number, y: number): void {
  const rowBytes = r.width / 8;
  for (let j = 0; j < r.height; j++)
    for (let i = 0; i < r.width; i++) if (r.data[j * rowBytes + (i >> 3)]! & (0x80 >> (i & 7))) c.dot(x + i, y + j);
}

function drawBlock(c: Canvas, b: Block, y: number, paper: number): number {
  switch (b.type) {
    case 'feed':
      return b.dots;
    case 'text': {
      const sizes = b.segments.map((s) => s.height);
      const h = 24 * Math.max(...sizes);
      const textWidth = b.segments.reduce((w, s) => w + [...s.text].reduce((a, ch) => a + (/[^\x00-\xff]/.test(ch) ? 24 : 12) * s.width, 0), 0);
      let x = b.align === 'left' ? b.indent : place(b.align, b.indent, textWidth, paper);
      for (const s of b.segments) {
        // Characters of one line share the baseline.
        const top = y + h - 24 * s.height;
        for (const ch of s.text) {
          const w = drawChar(c, ch, x, top, s.width, s.height, s.bold);
          if (s.underline) c.rect(x, top + 24 * s.height - 2, w, 2);
          x += w;
        }
      }
      return h;
    }
    case 'qr': {
      const qr = QRCode.create(b.data, { errorCorrectionLevel: b.level });
      const n = qr.modules.size;
      const size = n * b.cell;
      const x0 = place(b.align, b.indent, size, paper);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (qr.modules.get(j, i)) c.rect(x0 + i * b.cell, y + j * b.cell, b.cell, b.cell);
      return size;
    }
    case 'image':
      drawRaster(c, b.raster, place(b.align, b.indent, b.raster.width, paper), y);
      return b.raster.height;
  }
}

/** The ticket as a PNG, `paperDots` wide (576 for 80 mm, 384 for 58 mm). */
export function ticketPng(t: PrintedTicket, paperDots = 576): Buffer {
  const c = new Canvas(paperDots);
  let y = 8;
  for (const b of t.blocks) y += drawBlock(c, b, y, paperDots);
  c.grow(y + 16);
  if (t.cut) for (let x = 0; x < paperDots; x += 8) c.rect(x, y + 12, 4, 1);
  return c.png();
}

export const pngDataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
