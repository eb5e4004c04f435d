import { compileRegex } from './stage-regex.js';
import type { Entry } from './entry.js';
import type { StageDef } from './stage.js';

interface Block {
  first: Entry;
  lines: string[];
  timer: NodeJS.Timeout;
}

/**
 * stage.multiline: joins lines into one entry, starting a new entry at each line matching `firstline`.
 * A block is sent when the next first line arrives, after `max_lines`, or after `max_wait_time` without
 * a new line. The block keeps the first line's ack reference, so the file position cannot pass a block
 * that has not been sent; the later lines' references are released as they are joined.
 */
export const multilineStage: StageDef = {
  name: 'multiline',
  attrs: ['firstline', 'max_wait_time', 'max_lines'],
  build(args) {
    const firstline = compileRegex(args, 'firstline', args.requireString('firstline'));
    const maxWait = args.duration('max_wait_time', 3000);
    const maxLines = args.number('max_lines', 128);
    return (next) => {
      const blocks = new Map<string, Block>();
      const send = (key: string): void => {
        const b = blocks.get(key);
        if (!b) return;
        blocks.delete(key);
        clearTimeout(b.timer);
        b.first.line = b.lines.join('\n');
        next(b.first);
      };
      return {
        push(e) {
          const key = e.labels.key;
          const b = blocks.get(key);
          if (b && !firstline.test(e.line)) {
            b.lines.push(e.line);
            e.ack.release();
            b.timer.refresh();
            if (b.lines.length >= maxLines) send(key);
            return;
          }
          if (b) send(key);
          blocks.set(key, { first: e, lines: [e.line], timer: setTimeout(() => send(key), maxWait) });
          if (maxLines <= 1) send(key);
        },
        flush() {
          for (const key of [...blocks.keys()]) send(key);
        },
        stop() {
          for (const b of blocks.values()) clearTimeout(b.timer);
        },
      };
    };
  },
};
