import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseValidateOutput } from '../../../server/src/runner/packerValidate';
import { REQUIRED_PLUGINS_HINT, explainOldPacker } from '../../../server/src/validate/scheduler';
import { REPO_ROOT } from '../../helpers/lspClient';

const output = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'packer-cli', 'validate', 'cases', '15_required_plugins', 'output.stdout'), 'utf8');
const v = (text: string) => {
  const [major, minor, patch] = text.split('.').map(Number);
  return { major: major!, minor: minor!, patch: patch!, text };
};

describe('required_plugins on old Packer', () => {
  it('1.6.6: the two parse errors become one hint at the required_plugins line', () => {
    const explained = explainOldPacker(parseValidateOutput(output).diagnostics, v('1.6.6'));
    assert.equal(explained.length, 1);
    assert.equal(explained[0]!.summary, REQUIRED_PLUGINS_HINT);
    assert.equal(explained[0]!.severity, 'warning');
    assert.equal(explained[0]!.line, 3);
  });

  it('modern Packer or an unknown version: diagnostics pass through', () => {
    const parsed = parseValidateOutput(output).diagnostics;
    assert.equal(explainOldPacker(parsed, v('1.9.0')).length, 2);
    assert.equal(explainOldPacker(parsed, undefined).length, 2);
  });
});
