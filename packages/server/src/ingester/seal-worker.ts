// Worker thread that compresses blocks, keeping zstd and the block encoding off the thread that takes pushes.
// Receives { id, rows } (BlockRows, copied), answers { id, block } (EncodedBlock, its bytes transferred).
import { parentPort } from 'node:worker_threads';
import { encodeBlock, type BlockRows } from '../chunk/block-encode.js';

parentPort!.on('message', (msg: { id: number; rows: BlockRows }) => {
  const r = msg.rows;
  // Buffers arrive as plain Uint8Arrays after the structured clone.
  const rows: BlockRows = { ...r, lines: Buffer.from(r.lines.buffer, r.lines.byteOffset, r.lines.byteLength) };
  try {
    const block = encodeBlock(rows);
    parentPort!.postMessage({ id: msg.id, block }, [block.bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
