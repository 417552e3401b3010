// Completion, hover and signature help from the catalogue, for both major versions, and fact classes in
// host.get_fact(…).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Hover } from 'vscode-languageserver';
import { LanguageParser, loadGrammars } from '../../../server/src/parsing/treeSitter';
import { argumentCompletion, operationNameCompletion, pyinfraImportCompletion } from '../../../server/src/pyinfra/operationCompletion';
import { operationHover } from '../../../server/src/pyinfra/operationHover';
import { operationSignatureHelp } from '../../../server/src/pyinfra/signatureHelp';
import { deployDocument, knowledgeOf } from './helpers';

const labels = (items: CompletionItem[] | undefined) => (items ?? []).map((item) => item.label);
const hoverText = (hover: Hover | undefined) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');

describe('PyInfra operation features', () => {
  let python: LanguageParser;
  before(async () => {
    python = new LanguageParser((await loadGrammars()).python);
  });
  after(() => python.dispose());

  const at = <T>(source: string, run: (current: ReturnType<typeof deployDocument>) => T): T => {
    const current = deployDocument(python, source);
    try {
      return run(current);
    } finally {
      current.tree.delete();
    }
  };
  const lineBefore = (source: string) => source.slice(0, source.indexOf('|')).split('\n').pop()!;

  it('completes operation modules, fact modules and fact classes in imports', () => {
    const v3 = knowledgeOf('3.1.1');
    const modules = labels(pyinfraImportCompletion('from pyinfra.operations import apt, ', v3));
    assert.ok(modules.includes('postgres') && modules.includes('docker') && modules.includes('files'));
    assert.ok(!labels(pyinfraImportCompletion('from pyinfra.operations import ', knowledgeOf('2.9.2'))).includes('docker'), '2.9.2 has no docker operations');
    assert.ok(labels(pyinfraImportCompletion('from pyinfra.facts.', v3)).includes('server'));
    assert.ok(labels(pyinfraImportCompletion('from pyinfra.facts.server import Li', v3)).includes('LinuxDistribution'));
    assert.equal(pyinfraImportCompletion('from os import ', v3), undefined);
  });

  it('completes the operations of an imported module, aliases too', () => {
    const v3 = knowledgeOf('3.1.1');
    const source = 'from pyinfra.operations import postgres as pg\npg.|';
    const items = at(source, (current) => operationNameCompletion(lineBefore(source), current.tree, v3));
    assert.ok(labels(items).includes('role'));
    assert.match(items!.find((item) => item.label === 'role')!.detail!, /^postgres\.role\(role: str, /);
  });

  it('completes keyword arguments with types, then the global arguments as the version names them', () => {
    const source = 'from pyinfra.operations import apt\napt.packages(packages=["jq=1"], |)';
    const v3 = at(source, (current) => argumentCompletion(current, knowledgeOf('3.1.1')))!;
    assert.ok(labels(v3).includes('update='));
    assert.ok(!labels(v3).includes('packages='));
    assert.equal(v3.find((item) => item.label === 'cache_time=')!.detail, 'cache_time: int | None = None');
    assert.ok(labels(v3).includes('_sudo_password=') && !labels(v3).includes('_use_sudo_password='));
    assert.ok(labels(v3).indexOf('update=') < labels(v3).indexOf('_sudo='), 'own arguments first');
    const v2 = at(source, (current) => argumentCompletion(current, knowledgeOf('2.9.2')))!;
    assert.ok(labels(v2).includes('_use_sudo_password=') && !labels(v2).includes('_sudo_password=') && !labels(v2).includes('_if='));
  });

  it('completes fact classes in host.get_fact(, imported ones first, others with their import', () => {
    const v3 = knowledgeOf('3.1.1');
    const source = 'from pyinfra import host\nfrom pyinfra.facts.server import LinuxName\n\nname = host.get_fact(|)\n';
    const items = at(source, (current) => argumentCompletion(current, v3))!;
    assert.equal(items[0]!.label, 'LinuxName');
    assert.equal(items[0]!.additionalTextEdits, undefined);
    const distribution = items.find((item) => item.label === 'LinuxDistribution')!;
    assert.deepEqual(distribution.additionalTextEdits, [{ range: { start: { line: 1, character: 42 }, end: { line: 1, character: 42 } }, newText: ', LinuxDistribution' }]);
    const file = items.find((item) => item.label === 'File' && JSON.stringify(item.labelDetails).includes('pyinfra.facts.files'))!;
    assert.deepEqual(file.additionalTextEdits![0]!.newText, 'from pyinfra.facts.files import File\n');
    const argumentsOfFact = at('from pyinfra import host\nfrom pyinfra.facts.files import File\nhost.get_fact(File, |)', (current) => argumentCompletion(current, v3))!;
    assert.ok(labels(argumentsOfFact).includes('path='));
  });

  it('hovers operations, their arguments, global arguments and facts', () => {
    const v3 = knowledgeOf('3.1.1');
    const source = 'from pyinfra.operations import server\nfrom pyinfra.facts.server import LinuxName\nserver.sh|ell(commands=["ls"], _sudo=True)\n';
    const operation = hoverText(at(source, (current) => operationHover(current, v3)));
    assert.match(operation, /server\.shell\(commands: str \| list\[str\]\)/);
    assert.match(operation, /Not idempotent/);
    assert.match(operation, /https:\/\/docs\.pyinfra\.com\/en\/3\.x\/operations\/server\.html#server-shell/);
    assert.match(hoverText(at(source.replace('server.sh|ell', 'server.shell').replace('_su', '_s|u'), (current) => operationHover(current, v3))), /Global argument \(auth\) of PyInfra 3\.1\.1/);
    assert.match(hoverText(at(source.replace('server.sh|ell', 'server.shell').replace('import LinuxName', 'import Linux|Name'), (current) => operationHover(current, v3))), /LinuxName\(\) -> str/);
    const module = hoverText(at('from pyinfra.operations import ap|t\n', (current) => operationHover(current, v3)));
    assert.match(module, /\*\*pyinfra\.operations\.apt\*\* — \d+ operations in PyInfra 3\.1\.1/);
    assert.match(module, /- `packages`/);
    // An operation Bilder describes in its own words shows them; the rest show the signature and the link.
    assert.match(hoverText(at('from pyinfra.operations import apt\napt.pack|ages(packages=["x=1"])', (current) => operationHover(current, v3))), /Pin a version/);
  });

  it('gives signature help that follows the cursor, for an operation Bilder does not describe too', () => {
    const v3 = knowledgeOf('3.1.1');
    const help = at('from pyinfra.operations import postgres\npostgres.role(role="app", login=|)', (current) => operationSignatureHelp(current, v3))!;
    assert.match(help.signatures[0]!.label, /^postgres\.role\(role: str, present=True, password: str | None = None, login=True, /);
    const label = help.signatures[0]!.label;
    const [start, end] = help.signatures[0]!.parameters![help.activeParameter!]!.label as [number, number];
    assert.match(label.slice(start, end), /^login/);
    assert.equal(at('print(|)', (current) => operationSignatureHelp(current, v3)), undefined);
    const fact = at('from pyinfra import host\nfrom pyinfra.facts.files import FindFiles\nhost.get_fact(FindFiles, "/etc", quote_path=|)', (current) => operationSignatureHelp(current, v3))!;
    assert.equal(fact.signatures[0]!.label, 'get_fact(FindFiles, path, quote_path=True)');
    assert.equal(fact.activeParameter, 1);
    const positional = at('from pyinfra import host\nfrom pyinfra.facts.files import FindFiles\nhost.get_fact(FindFiles, |)', (current) => operationSignatureHelp(current, v3))!;
    assert.equal(positional.activeParameter, 0);
    assert.equal(at('class Mine(Base, |):\n    pass\n', (current) => operationSignatureHelp(current, v3)), undefined, 'class bases are an argument list too');
  });
});
