#!/usr/bin/env python3
"""Writes a tiny data set in Fashion-MNIST's IDX format (three easy classes, 28x28) for the tools' checks.
Usage: tools/tiny-idx.py DIR [TRAIN] [TEST]"""
import gzip, os, random, struct, sys

d = sys.argv[1]
train = int(sys.argv[2]) if len(sys.argv) > 2 else 300
test = int(sys.argv[3]) if len(sys.argv) > 3 else 60
os.makedirs(d)
r = random.Random(1)


def write(prefix, n):
    labels = [r.randrange(3) for _ in range(n)]
    pixels = bytearray()
    for y in labels:
        for i in range(28 * 28):
            pixels.append(min(255, (80 * y + (i % 28) * 3 + r.randrange(40)) % 256))
    with gzip.open(f"{d}/{prefix}-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28) + bytes(pixels))
    with gzip.open(f"{d}/{prefix}-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 0x801, n) + bytes(labels))


write("train", train)
write("t10k", test)
