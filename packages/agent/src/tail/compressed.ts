const EXTENSIONS = /\.(gz|tgz|bz2|xz|lz4|zst|zip|z|lz|lzma|br|7z)$/i;
// gzip, bzip2, xz, zstd, lz4 frame, zip
const MAGIC = [[0x1f, 0x8b], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0x28, 0xb5, 0x2f, 0xfd], [0x04, 0x22, 0x4d, 0x18], [0x50, 0x4b, 0x03, 0x04]];

/** Compressed rotated files are never tailed: their bytes are not lines, and their lines were read before compression. */
export function isCompressedName(name: string): boolean {
  return EXTENSIONS.test(name);
}

export function isCompressedData(head: Buffer): boolean {
  return MAGIC.some((m) => head.length >= m.length && m.every((b, i) => head[i] === b));
}
