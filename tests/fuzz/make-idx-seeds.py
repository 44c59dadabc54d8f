#!/usr/bin/python3
"""Writes the seed inputs of the IDX harness (fuzz_idx.c) into seeds/idx/:
one byte m_max, three big-endian 16-bit lengths, then the t10k images, t10k
labels, train images and train labels files back to back."""
import gzip
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "idx")


def images(count, rows, cols, magic=0x803):
    pixels = bytes((7 * i + 3) % 256 for i in range(count * rows * cols))
    return struct.pack(">IIII", magic, count, rows, cols) + pixels


def labels(count, magic=0x801):
    return struct.pack(">II", magic, count) + bytes(i % 10 for i in range(count))


def seed(m_max, files):
    head = bytes([m_max]) + b"".join(struct.pack(">H", len(f)) for f in files[:3])
    return head + b"".join(files)


SEEDS = {
    "small": seed(0, [images(2, 2, 3), labels(2), images(3, 2, 3), labels(3)]),
    "first-two": seed(2, [images(1, 3, 3), labels(1), images(4, 3, 3), labels(4)]),
    "gzipped": seed(0, [images(1, 2, 2), labels(1), gzip.compress(images(2, 2, 2), mtime=0),
                        gzip.compress(labels(2), mtime=0)]),
    "bad-label": seed(0, [images(1, 1, 1), labels(1), images(1, 1, 1),
                          struct.pack(">II", 0x801, 1) + b"\x0c"]),
    "truncated": seed(0, [images(1, 2, 2), labels(1), images(5, 2, 2)[:30], labels(5)]),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
