import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldType, type FieldType } from './field-type.js';

test('field types follow Go parsers in Loki order: int, float, boolean, duration, bytes, string', () => {
  const f = (value: string, expected: FieldType): void => assert.equal(fieldType(value), expected, value);
  f('503', 'int');
  f('-7', 'int');
  f('+7', 'int');
  f('9223372036854775807', 'int');
  f('9223372036854775808', 'float'); // past int64: ParseInt refuses, ParseFloat takes it
  f('1_000', 'float'); // underscores: ParseFloat only
  f('0.2368', 'float');
  f('1e3', 'float');
  f('NaN', 'float');
  f('-Inf', 'float');
  f('0x1p-2', 'float');
  f('1e400', 'string'); // ParseFloat range error; no unit matches either
  f('true', 'boolean');
  f('F', 'boolean');
  f('yes', 'string');
  f('236.8ms', 'duration');
  f('1h30m', 'duration');
  f('25.7KB', 'bytes');
  f('0.85MB', 'bytes');
  f('10 KiB', 'bytes');
  f('2026-11-20T00:00:05.416Z', 'string');
  f('', 'string');
  f('GET', 'string');
});
