// What every subcommand file exports: its usage text, its flags, how many arguments, and what it does.
import type { OptionTypes, ParsedArgs } from './args.js';
import type { Io } from './io.js';

export interface Command {
  readonly usage: string;
  readonly options: OptionTypes;
  /** The fewest and the most positional arguments. */
  readonly positionals: readonly [number, number];
  run(args: ParsedArgs, io: Io): Promise<void>;
}
