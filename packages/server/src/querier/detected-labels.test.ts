import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIdLikeLabel } from './detected-labels.js';

test('labels whose values are all numbers or UUIDs are ID-like; 0/1 flags and words are not', () => {
  const f = (values: string[], expected: boolean): void => assert.equal(isIdLikeLabel(values), expected, values.join(','));
  f([], true);
  f(['0', '1'], false);
  f(['1'], false);
  f(['0', '1', '2'], true);
  f(['12', '3.5', '1e3'], true);
  f(['123e4567-e89b-12d3-a456-426614174000'], true);
  f(['{123e4567-e89b-12d3-a456-426614174000}'], true);
  f(['urn:uuid:123e4567-e89b-12d3-a456-426614174000'], true);
  f(['123e4567e89b12d3a456426614174000'], true);
  f(['123e4567-e89b-12d3-a456-42661417400'], false); // one hex digit short
  f(['12', 'web-1'], false);
  f(['prod', 'dev', 'staging'], false);
});
