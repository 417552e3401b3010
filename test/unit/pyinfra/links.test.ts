import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PyinfraLinks, environmentReads, pyinfraProvisioners, variableDefaults } from '../../../server/src/pyinfra/links';
import { ParseBudgetExceeded, createParsers } from '../../../server/src/parsing/treeSitter';
import type { LanguageParser, Parsers } from '../../../server/src/parsing/treeSitter';

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

describe('directory runs cache', () => {
  let parsers: Parsers;
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bilder-links-'));
  before(async () => {
    parsers = await createParsers();
    writeFileSync(path.join(directory, 'a.pkr.hcl'), 'variable "app_name" {\n  default = "vault"\n}\n');
    writeFileSync(
      path.join(directory, 'b.pkr.hcl'),
      'build {\n  provisioner "shell-local" {\n    inline = ["pyinfra --chdir ${path.root}/${var.app_name} @local deploy.py"]\n  }\n}\n',
    );
  });
  after(() => {
    rmSync(directory, { recursive: true, force: true });
    parsers.hcl.dispose();
    parsers.python.dispose();
  });

  /** The real parser, counting parses and deleted trees; `refuse` decides which texts fail and how. */
  function counting(refuse: (text: string) => Error | undefined = () => undefined) {
    const counts = { parses: 0, deletes: 0 };
    const hcl = {
      parse: (text: string) => {
        const error = refuse(text);
        if (error) throw error;
        const tree = parsers.hcl.parse(text);
        counts.parses++;
        const remove = tree.delete.bind(tree);
        tree.delete = () => {
          counts.deletes++;
          remove();
        };
        return tree;
      },
    } as unknown as LanguageParser;
    const links = new PyinfraLinks(async () => ({ hcl, python: parsers.python }), { openText: () => undefined });
    return { counts, links };
  }

  it('parses only when a file of the directory changed, and deletes every tree', async () => {
    const { counts, links } = counting();
    const first = await links.directoryRuns(directory);
    assert.deepEqual(first.map((runs) => [path.basename(runs.templatePath), runs.provisioners.length]), [['a.pkr.hcl', 0], ['b.pkr.hcl', 1]]);
    assert.deepEqual(counts, { parses: 2, deletes: 2 });
    assert.deepEqual(await links.directoryRuns(directory), first);
    assert.deepEqual(counts, { parses: 2, deletes: 2 }, 'an unchanged directory is answered from the cache');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(directory, 'a.pkr.hcl'), later, later);
    await links.directoryRuns(directory);
    assert.deepEqual(counts, { parses: 4, deletes: 4 }, 'one changed file re-reads the whole directory (shared defaults)');
  });

  it('deletes the trees already parsed when a later parse throws', async () => {
    const { counts, links } = counting((text) => (text.startsWith('build') ? new Error('grammar exploded') : undefined));
    await assert.rejects(links.directoryRuns(directory), /grammar exploded/);
    assert.deepEqual(counts, { parses: 1, deletes: 1 });
  });

  it('keeps a template that exceeds the parse budget without provisioners, and does not parse it again', async () => {
    let refused = 0;
    const { counts, links } = counting((text) => (text.startsWith('build') ? (refused++, new ParseBudgetExceeded(1)) : undefined));
    const runs = await links.directoryRuns(directory);
    assert.deepEqual(runs.map((entry) => [path.basename(entry.templatePath), entry.provisioners.length]), [['a.pkr.hcl', 0], ['b.pkr.hcl', 0]]);
    await links.directoryRuns(directory);
    assert.deepEqual([counts, refused], [{ parses: 1, deletes: 1 }, 1]);
  });
});
