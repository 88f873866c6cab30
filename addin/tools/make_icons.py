#!/usr/bin/env python3
"""Draws the add-in's icons: a dark-blue rounded square with a white "KiB", at 16, 32, 64 and 80 px.

Standard library only (zlib + struct), so the PNGs can be redrawn on any machine:
    python3 addin/tools/make_icons.py addin/icons
The glyphs are drawn on a small grid and rendered with 8x8 supersampling, so edges are smoothed at
every size. Office asks for 16/32/80 px on the ribbon and 32/64 px for the add-in's own icon.
"""
import struct
import sys
import zlib
from pathlib import Path

BLUE = (0x1F, 0x38, 0x64)  # the programme office's dark blue (also the heading colour of kib's reports)
WHITE = (0xFF, 0xFF, 0xFF)
SIZES = (16, 32, 64, 80)
SUPER = 8

# Glyphs on a grid of units; each is a list of filled cells (x, y), y downwards, height 7.
K = ["X...X", "X..X.", "X.X..", "XX...", "X.X..", "X..X.", "X...X"]
I = ["X", ".", "X", "X", "X", "X", "X"]
B = ["XXXX.", "X...X", "X...X", "XXXX.", "X...X", "X...X", "XXXX."]
GLYPHS = [K, I, B]
GAP = 1  # units between glyphs


def text_cells():
    cells, x0 = set(), 0
    for g in GLYPHS:
        for y, row in enumerate(g):
            for x, c in enumerate(row):
                if c == "X":
                    cells.add((x0 + x, y))
        x0 += len(g[0]) + GAP
    return cells, x0 - GAP, len(GLYPHS[0])


def coverage(size):
    """Per pixel: (background alpha, text share) in 0..1, from supersampled shapes."""
    cells, tw, th = text_cells()
    n = size * SUPER
    radius = n * 0.18
    # The text fills 80% of the width and is centred.
    unit = n * 0.80 / tw
    ox = (n - tw * unit) / 2
    oy = (n - th * unit) / 2
    out = []
    for py in range(size):
        row = []
        for px in range(size):
            bg = txt = 0
            for sy in range(SUPER):
                y = py * SUPER + sy + 0.5
                for sx in range(SUPER):
                    x = px * SUPER + sx + 0.5
                    # Rounded square: inside unless in a corner beyond the radius.
                    cx = min(max(x, radius), n - radius)
                    cy = min(max(y, radius), n - radius)
                    if (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2:
                        continue
                    bg += 1
                    gx = int((x - ox) // unit) if x >= ox else -1
                    gy = int((y - oy) // unit) if y >= oy else -1
                    if (gx, gy) in cells:
                        txt += 1
            total = SUPER * SUPER
            row.append((bg / total, txt / bg if bg else 0.0))
        out.append(row)
    return out


def png(size):
    raw = bytearray()
    for row in coverage(size):
        raw.append(0)  # filter type None
        for alpha, t in row:
            rgb = [round(b + (w - b) * t) for b, w in zip(BLUE, WHITE)]
            raw += bytes(rgb + [round(alpha * 255)])

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "icons")
    out.mkdir(parents=True, exist_ok=True)
    for s in SIZES:
        (out / f"icon-{s}.png").write_bytes(png(s))
        print(out / f"icon-{s}.png")


if __name__ == "__main__":
    main()
