// A secret of a type other than string (a list of keys, a port, a flag) reaches Packer in the private var file as `-var`
// would read it: an HCL expression, not a string, which Packer 1.6.6 would refuse ("list of string required").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BuildEvent } from '../../../protocol';
import { discoverImages } from '../../../server/src/imageBuilds/images';
import { BuildSession, sensitiveVarFile } from '../../../server/src/imageBuilds/session';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import { HAS_PACKER, PACKER } from '../../helpers/packer';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bilder-secret-types-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const TEMPLATE = [
  'variable "ssh_keys" {',
  '  type      = list(string)',
  '  sensitive = true',
  '}',
  'variable "port" {',
  '  type      = number',
  '  sensitive = true',
  '}',
  'variable "enabled" {',
  '  type      = bool',
  '  sensitive = true',
  '}',
  'variable "db_password" { type = string }',
  'source "null" "n" { communicator = "none" }',
  'build {',
  '  sources = ["source.null.n"]',
  '  provisioner "shell-local" { inline = ["echo keys=${length(var.ssh_keys)} next=${var.port + 1} on=${var.enabled} pw=${length(var.db_password)}"] }',
  '}',
  '',
].join('\n');

describe('secret values of every declared type', () => {
  it('are written as strings for string, number and untyped variables, as HCL expressions otherwise', () => {
    const vars = { ssh_keys: '["a", "b"]', port: '22', enabled: 'true', db_password: 'p"w', untyped: '[1]' };
    const types = { ssh_keys: 'list(string)', port: 'number', enabled: 'bool', db_password: 'string' };
    assert.equal(
      sensitiveVarFile(vars, Object.keys(vars), types),
      'ssh_keys = ["a", "b"]\nport = "22"\nenabled = true\ndb_password = "p\\"w"\nuntyped = "[1]"\n',
    );
    assert.throws(() => sensitiveVarFile({ ssh_keys: '["a"]\nother = "x"' }, ['ssh_keys'], types), /ssh_keys \(declared list\(string\)\) is not one HCL expression: it spans lines/);
    assert.throws(() => sensitiveVarFile({ ssh_keys: '["a"' }, ['ssh_keys'], types), /is missing/);
    assert.throws(() => sensitiveVarFile({ ssh_keys: '["a"] # x' }, ['ssh_keys'], types), /comment/);
  });

  it('image discovery reports each variable\'s declared type for the request to carry', async () => {
    const directory = path.join(scratch, 'discover');
    const parsers = await createParsers();
    try {
      await import('node:fs').then((fs) => fs.mkdirSync(directory));
      writeFileSync(path.join(directory, 'main.pkr.hcl'), TEMPLATE);
      const [image] = await discoverImages(parsers.hcl, [directory]);
      assert.deepEqual(Object.fromEntries(image!.variables.map((variable) => [variable.name, variable.type])), {
        ssh_keys: 'list(string)',
        port: 'number',
        enabled: 'bool',
        db_password: 'string',
      });
    } finally {
      parsers.hcl.dispose();
      parsers.python.dispose();
    }
  });

  it('a real build with a secret list, number and bool succeeds', { skip: HAS_PACKER ? false : `${PACKER} not found`, timeout: 60_000 }, async () => {
    const directory = mkdtempSync(path.join(scratch, 'build-'));
    writeFileSync(path.join(directory, 'main.pkr.hcl'), TEMPLATE);
    const events: BuildEvent[] = [];
    const lines: string[] = [];
    const session = new BuildSession({
      id: 'secret-types',
      request: {
        templateDir: directory,
        storageDir: path.join(scratch, 'storage'),
        vars: { ssh_keys: '["ssh-ed25519 AAAA", "ssh-rsa BBBB"]', port: '2222', enabled: 'true', db_password: 'hunter22' },
        sensitive: ['port', 'enabled'],
        variableTypes: { ssh_keys: 'list(string)', port: 'number', enabled: 'bool', db_password: 'string' },
      },
      packerPath: PACKER,
      onLogLine: (line) => void lines.push(line),
      emit: (batch) => void events.push(...batch),
    });
    const final = await session.run();
    assert.equal(final.status, 'succeeded', lines.join('\n'));
    assert.ok(lines.some((line) => line.includes('keys=2') && line.includes('next=2223') && line.includes('pw=8')), lines.join('\n'));
  });
});
