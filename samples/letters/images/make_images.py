#!/usr/bin/python3
"""Generates the sample electronic-copy images: a blue handwritten-like signature and a red round
seal, both PNG with a transparent background (Nghị định 30/2020, Phụ lục I, II), with nothing but
zlib and struct, so that the images are reproducible byte for byte.

usage: make_images.py [OUT_DIR]   (default: this folder) -> chu-ky.png, con-dau.png
"""
import math
import os
import struct
import sys
import zlib


def png(path, width, height, pixels):
    """pixels: bytearray of RGBA rows."""
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + bytes(pixels[y * width * 4:(y + 1) * width * 4]) for y in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def canvas(w, h):
    return bytearray(w * h * 4)


def dot(px, w, h, x, y, r, rgb):
    for yy in range(int(y - r), int(y + r) + 2):
        for xx in range(int(x - r), int(x + r) + 2):
            if 0 <= xx < w and 0 <= yy < h:
                d = math.hypot(xx - x, yy - y)
                a = max(0.0, min(1.0, r + 0.5 - d))
                if a > 0:
                    i = (yy * w + xx) * 4
                    px[i:i + 3] = bytes(rgb)
                    px[i + 3] = max(px[i + 3], int(a * 255))


def stroke(px, w, h, f, r, rgb, steps=2000):
    for k in range(steps + 1):
        x, y = f(k / steps)
        dot(px, w, h, x, y, r, rgb)


def signature(path):
    w, h = 400, 220
    px = canvas(w, h)
    blue = (20, 40, 170)
    # a looping signature: a rising loop, a wave, and an underline flourish
    stroke(px, w, h, lambda t: (40 + 300 * t + 30 * math.sin(t * 18),
                                120 - 60 * math.sin(t * 9) * (1 - t) - 20 * t), 3.2, blue, 4000)
    stroke(px, w, h, lambda t: (60 + 290 * t, 170 - 25 * math.sin(t * math.pi)), 2.6, blue)
    stroke(px, w, h, lambda t: (110 + 28 * math.cos(t * 2 * math.pi), 90 + 45 * math.sin(t * 2 * math.pi)),
           2.6, blue)
    png(path, w, h, px)


def seal(path):
    s = 360
    px = canvas(s, s)
    red = (220, 20, 30)
    c = s / 2
    for radius, width in ((172, 5.0), (158, 2.5), (92, 2.5)):
        stroke(px, s, s, lambda t: (c + radius * math.cos(2 * math.pi * t),
                                    c + radius * math.sin(2 * math.pi * t)), width / 2, red, 6000)
    # a five-pointed star in the middle, as state seals carry
    pts = [(c + (70 if k % 2 == 0 else 28) * math.sin(k * math.pi / 5),
            c - (70 if k % 2 == 0 else 28) * math.cos(k * math.pi / 5)) for k in range(11)]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        stroke(px, s, s, lambda t: (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), 2.5, red, 400)
    # tick marks standing for the lettering between the rings
    for k in range(48):
        a = 2 * math.pi * k / 48
        stroke(px, s, s, lambda t: (c + (112 + 34 * t) * math.cos(a), c + (112 + 34 * t) * math.sin(a)),
               2.0, red, 60)
    png(path, s, s, px)


out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
signature(os.path.join(out, "chu-ky.png"))
seal(os.path.join(out, "con-dau.png"))
