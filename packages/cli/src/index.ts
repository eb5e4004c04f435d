// logcli's commands under `logi`: main(command, args) runs one and returns its exit code
// (0 done, 1 failed, 2 wrong command line).
import { CommandError, parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { fmtCommand } from './fmt.js';
import { instantQueryCommand } from './instant-query.js';
import { processIo } from './io.js';
import { labelsCommand } from './labels.js';
import { queryCommand } from './query.js';
import { seriesCommand } from './series.js';
import { statsCommand } from './stats.js';
import { volumeInstantCommand, volumeRangeCommand } from './volume.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  query: queryCommand,
  'instant-query': instantQueryCommand,
  labels: labelsCommand,
  series: seriesCommand,
  stats: statsCommand,
  volume: volumeInstantCommand,
  volume_range: volumeRangeCommand,
  fmt: fmtCommand,
};

export async function main(name: string, args: readonly string[]): Promise<number> {
  const command = COMMANDS[name];
  if (!command) throw new Error(`logi: no command ${name}`);
  const io = processIo();
  if (args.includes('-h') || args.includes('--help')) {
    io.write(command.usage);
    return 0;
  }
  try {
    await command.run(parseCommandArgs(args, command.options, ...command.positionals), io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.warn(`logi ${name}: ${e.message}\n${command.usage}`);
      return 2;
    }
    if (e instanceof CommandError) {
      io.warn(`logi ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
