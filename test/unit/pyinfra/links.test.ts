import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { environmentReads, pyinfraProvisioners, variableDefaults } from '../../../server/src/pyinfra/links';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import type { Parsers } from '../../../server/src/parsing/treeSitter';

const ROOT = path.join(path.sep, 'repo', 'src', 'bilder', 'images');

function provisionersOf(parsers: Parsers, text: string, file = path.join(ROOT, 'packer.pkr.hcl')) {
  const tree = parsers.hcl.parse(text);
  try {
    return pyinfraProvisioners(tree, text, file, variableDefaults(tree, text));
  } finally {
    tree.delete();
  }
}

describe('template ↔ deploy links', () => {
  let parsers: Parsers;
  before(async () => {
    parsers = await createParsers();
  });

  it('resolves --chdir ${path.root}/${var.app_name} deploy.py to a pattern over the image folders', () => {
    const text = `build {\n  provisioner "shell-local" {\n    environment_vars = ["NODE_TYPE=\${var.node_type}", "DEPLOYMENT=x"]\n    inline = ["pyinfra -y --sudo --user \${build.User} \${build.Host} --chdir \${path.root}/\${var.app_name} deploy.py"]\n  }\n}\n`;
    const [provisioner] = provisionersOf(parsers, text);
    const invocation = provisioner!.invocations[0]!;
    assert.ok(invocation.pattern.test(path.join(ROOT, 'vault', 'deploy.py')));
    assert.ok(!invocation.pattern.test(path.join(ROOT, 'vault', 'other', 'deploy.py')));
    assert.equal(invocation.resolvedPath, undefined, 'app_name has no default');
    assert.equal(text.slice(invocation.start, invocation.end), 'deploy.py');
    assert.deepEqual(provisioner!.environment.map((variable) => [variable.name, text.slice(variable.start, variable.end)]), [['NODE_TYPE', 'NODE_TYPE'], ['DEPLOYMENT', 'DEPLOYMENT']]);
  });

  it('uses string variable defaults and ${path.root}/sample_deploy.py forms', () => {
    const text = `variable "app_name" {\n  default = "consul"\n}\nbuild {\n  provisioner "shell-local" {\n    command = "pyinfra --chdir=\${path.root}/\${var.app_name} deploy.py"\n  }\n  provisioner "shell-local" {\n    only = ["docker.vector"]\n    inline = ["pyinfra @docker/\${build.ID} \${path.root}/sample_deploy.py"]\n  }\n  provisioner "shell-local" {\n    inline = ["echo no pyinfra here.py"]\n  }\n}\n`;
    const provisioners = provisionersOf(parsers, text);
    assert.equal(provisioners.length, 2);
    assert.equal(provisioners[0]!.invocations[0]!.resolvedPath, path.join(ROOT, 'consul', 'deploy.py'));
    assert.equal(provisioners[1]!.invocations[0]!.resolvedPath, path.join(ROOT, 'sample_deploy.py'));
  });

  it('finds the environment variables a deploy reads and whether they have defaults', () => {
    const text = 'import os\nfrom os import environ, getenv\nA = os.environ.get("A", "1")\nB = os.environ["B"]\nC = os.getenv("C")\nD = environ.get("D")\nE = getenv("E", None)\nF = os.environ.get(name)\n';
    const tree = parsers.python.parse(text);
    try {
      assert.deepEqual(environmentReads(tree, text).map((read) => [read.name, read.hasDefault]), [['A', true], ['B', false], ['C', false], ['D', false], ['E', true]]);
    } finally {
      tree.delete();
    }
  });
});
