// The type Loki's detected_fields gives a value: the first of Go's strconv.ParseInt (base 10),
// strconv.ParseFloat, strconv.ParseBool, time.ParseDuration and go-humanize's ParseBytes that
// accepts the text, else `string`. The Go parsers' exact syntax matters: `1_000` is a float
// (ParseInt refuses underscores in base 10), `1e400` a string (ParseFloat's range error).
import { parseBytes, parseDuration, parseGoFloat } from '@logi/logql';

export type FieldType = 'int' | 'float' | 'boolean' | 'duration' | 'bytes' | 'string';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function isGoInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= INT64_MIN && n <= INT64_MAX;
}

const accepts = (parse: (s: string) => unknown, s: string): boolean => {
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
};

export function fieldType(value: string): FieldType {
  if (isGoInt64(value)) return 'int';
  if (parseGoFloat(value).error === undefined) return 'float';
  if (GO_BOOLS.has(value)) return 'boolean';
  if (accepts(parseDuration, value)) return 'duration';
  if (accepts(parseBytes, value)) return 'bytes';
  return 'string';
}
