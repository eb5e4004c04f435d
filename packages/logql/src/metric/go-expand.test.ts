import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import RE2 from 're2';
import { expandTemplate } from './go-expand.js';

describe("expandTemplate (Go's Regexp.ExpandString)", () => {
  const match = new RE2('^(?:(?P<first>a+)-(b+)(x)?)$', 'u').exec('aa-bbb')!;
  const cases: [string, string][] = [
    ['t-$1', 't-aa'],
    ['${2}!', 'bbb!'],
    ['$first/$2', 'aa/bbb'],
    ['${first}x', 'aax'],
    ['$firstx', ''], // the name runs to "firstx", which is no group
    ['$1x', ''], // group "1x" does not exist
    ['$3', ''], // a group that did not take part
    ['$9', ''], // beyond the last group
    ['$0', 'aa-bbb'],
    ['$$1', '$1'],
    ['cost: $', 'cost: $'],
    ['${1', '${1'],
    ['$-', '$-'],
    ['$01', ''], // a leading zero makes it a name
  ];
  for (const [template, want] of cases) it(JSON.stringify(template), () => assert.equal(expandTemplate(template, match), want));
});
