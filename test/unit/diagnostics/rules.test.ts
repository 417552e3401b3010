import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDisabled } from '../../../server/src/diagnostics/rules';

describe('isDisabled', () => {
  const code = 'syntax/missing-newline-after-argument';
  for (const [setting, expected] of [
    [[code], true],
    [['syntax'], true],
    [['syntax/'], true],
    [['syntax/*'], true],
    [['syntax/missing'], false],
    [['schema'], false],
    [[], false],
  ] as const) {
    it(`${JSON.stringify(setting)} → ${expected}`, () => assert.equal(isDisabled(code, setting), expected));
  }
  it('diagnostics without a string code are never disabled', () => assert.equal(isDisabled(undefined, ['syntax']), false));
});
