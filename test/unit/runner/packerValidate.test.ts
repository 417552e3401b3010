import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  decodeMachineReadable,
  detectVarFiles,
  packerCode,
  parseValidateOutput,
  toLspDiagnostics,
  validateArgs,
  packerInputsRefusal,
} from '../../../server/src/runner/packerValidate';
import type { PackerDiagnostic } from '../../../server/src/runner/packerValidate';
import { REPO_ROOT } from '../../helpers/lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'packer-cli');
const CASES = path.join(FIXTURES, 'validate', 'cases');
const GOLDEN = path.join(FIXTURES, 'golden');
const UPDATE = process.env.BILDER_UPDATE_GOLDENS === '1';

/** Splits a transcript file into the stdout of each command it records (both layouts used in the captures). */
function transcriptRuns(text: string): { command: string; stdout: string }[] {
  const runs: { command: string; stdout: string }[] = [];
  let current: { command: string; lines: string[]; skipping: boolean } | undefined;
  const flush = () => current && runs.push({ command: current.command, stdout: current.lines.join('\n') });
  for (const line of text.split('\n')) {
    const start = /^(?:################ )?\$ (packer .*)$/.exec(line);
    if (start) {
      flush();
      current = { command: start[1]!, lines: [], skipping: false };
      continue;
    }
    if (!current) continue;
    if (line.startsWith('---- stderr')) current.skipping = true;
    if (current.skipping || /^---- |^exit=\d+$|^wall=/.test(line)) continue;
    current.lines.push(line);
  }
  flush();
  return runs;
}

/** Go map order and pointers differ between runs; they are not part of what the parser decides. */
function stable(diagnostics: PackerDiagnostic[]): unknown[] {
  return diagnostics.map((d) => ({ ...d, detail: d.detail.replace(/0x[0-9a-f]+/g, '0x…').replace(/\[[^\]]*\]$/, '[…]'), code: packerCode(d.summary) }));
}

function checkGolden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, `${name}.json`);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    if (!UPDATE) assert.fail(`golden ${name} was missing and has been written; review it and re-run`);
    return;
  }
  assert.equal(text, readFileSync(file, 'utf8'), `golden ${name} differs (BILDER_UPDATE_GOLDENS=1 rewrites it)`);
}

const caseNames = readdirSync(CASES).sort();

describe('packer validate output parser: goldens over every captured case', () => {
  for (const name of caseNames) {
    it(`${name}: human and machine-readable output agree with the golden`, () => {
      const human = parseValidateOutput(readFileSync(path.join(CASES, name, 'output.stdout'), 'utf8'));
      const machine = parseValidateOutput(readFileSync(path.join(CASES, name, 'output.machine-readable.stdout'), 'utf8'));
      assert.deepEqual(stable(machine.diagnostics), stable(human.diagnostics));
      const rc = Number(readFileSync(path.join(CASES, name, 'output.rc'), 'utf8'));
      if (rc !== 0) assert.ok(human.diagnostics.length > 0, 'a failing run yields at least one diagnostic');
      checkGolden(`case-${name}`, { diagnostics: stable(human.diagnostics), notes: human.notes });
    });
  }

  const transcripts = [
    ...readdirSync(path.join(FIXTURES, 'transcripts-validate')).filter((f) => f.endsWith('.txt')).map((f) => path.join('transcripts-validate', f)),
    'validate_flags.txt',
    'validate_aws.txt',
    'validate_olinfra.txt',
  ];
  for (const transcript of transcripts) {
    it(`transcript ${transcript}: every run parses to its golden`, () => {
      const runs = transcriptRuns(readFileSync(path.join(FIXTURES, transcript), 'utf8'));
      assert.ok(runs.length > 0);
      const parsed = runs.map((run) => {
        const result = parseValidateOutput(run.stdout);
        return { command: run.command, diagnostics: stable(result.diagnostics), notes: result.notes.map((n) => n.split('\n')[0]) };
      });
      checkGolden(`transcript-${path.basename(transcript, '.txt')}`, parsed);
    });
  }

  const raw = path.join(FIXTURES, 'transcripts-validate', 'raw');
  for (const file of readdirSync(raw).filter((f) => /^(err|warn)_.*\.stdout$/.test(f))) {
    it(`raw ${file} parses to its golden`, () => {
      const result = parseValidateOutput(readFileSync(path.join(raw, file), 'utf8'));
      checkGolden(`raw-${path.basename(file, '.stdout')}`, { diagnostics: stable(result.diagnostics), notes: result.notes });
    });
  }
});

describe('packer validate output parser: the facts it must get right', () => {
  const parse = (name: string) => parseValidateOutput(readFileSync(path.join(CASES, name, 'output.stdout'), 'utf8')).diagnostics;

  it('takes the precise range from a nested file:L,C-C line and keeps the block as related information (V1)', () => {
    const [d] = parse('01_undefined_variable');
    assert.equal(d!.summary, 'Unsupported attribute');
    assert.deepEqual(d!.range, { file: 'main.pkr.hcl', startLine: 9, startColumn: 26, endLine: 9, endColumn: 31 });
    assert.equal(d!.related[0]!.startLine, 8);
    assert.match(d!.related[0]!.message, /Failed preparing provisioner-block/);
  });

  it('de-duplicates what 1.6.6 prints twice (V17)', () => {
    assert.equal(parse('10_unsupported_block').length, 1);
  });

  it('treats `on  line 0:` and a missing `on` line as no location (V19, V15)', () => {
    assert.equal(parse('13_unknown_source_ref')[0]!.file, undefined);
    assert.equal(parse('14_duplicate_variable')[0]!.file, undefined);
  });

  it('keeps a multi-error summary printed before the `on` line (V8)', () => {
    const [d] = parse('16_null_missing_comm');
    assert.equal(d!.line, 1);
    assert.equal(d!.summary.split('\n').filter((l) => l.startsWith('* ')).length, 4);
  });

  it('reports every error of the same phase (V19 with three errors)', () => {
    assert.deepEqual(parse('19_multi_errors').map((d) => d.line), [3, 4, undefined]);
  });

  it('un-wraps details at 80 columns', () => {
    assert.equal(parse('08_duplicate_source')[0]!.detail.includes('\n'), false);
  });

  it('decodes machine-readable escapes', () => {
    assert.equal(decodeMachineReadable('1,,ui,error,a%!(PACKER_COMMA) b\\nc'), 'a, b\nc');
  });

  it('turns usage errors and missing paths into notes, not diagnostics', () => {
    const usage = parseValidateOutput('Usage: packer validate [options] TEMPLATE\n\nflag provided but not defined: -x\n');
    assert.equal(usage.diagnostics.length, 0);
    assert.equal(usage.notes.length, 1);
    const missing = parseValidateOutput(readFileSync(path.join(FIXTURES, 'transcripts-validate', 'raw', 'err_missing_path.stdout'), 'utf8'));
    assert.equal(missing.diagnostics.length, 0);
  });

  it('names codes after the summary without the names it mentions', () => {
    assert.equal(packerCode('Unsupported argument'), 'packer/unsupported-argument');
    assert.equal(packerCode('Unknown provisioner type "pyinfra"'), 'packer/unknown-provisioner-type');
    assert.equal(packerCode('Unset variable "x"'), 'packer/unset-variable');
    assert.equal(packerCode('4 error(s) occurred:\n* a'), 'packer/prepare-failed');
  });
});

describe('packer validate diagnostics in LSP terms', () => {
  const dir = '/tmp/bilder-case';
  const mapping = (lines: Record<string, string[]>) => ({
    cwd: dir,
    entryFile: path.join(dir, 'main.pkr.hcl'),
    lineText: (file: string, line: number) => lines[file]?.[line],
  });

  it('guesses the column from the quoted name on the reported line (V16)', () => {
    const parsed = parseValidateOutput(readFileSync(path.join(CASES, '09_unsupported_argument', 'output.stdout'), 'utf8'));
    const source = readFileSync(path.join(CASES, '09_unsupported_argument', 'main.pkr.hcl'), 'utf8').split('\n');
    const byFile = toLspDiagnostics(parsed.diagnostics, mapping({ [path.join(dir, 'main.pkr.hcl')]: source }));
    const [d] = byFile.get(path.join(dir, 'main.pkr.hcl'))!;
    assert.deepEqual(d!.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
    assert.equal(d!.source, 'packer validate');
    assert.equal(d!.code, 'packer/unsupported-argument');
    assert.equal(d!.severity, DiagnosticSeverity.Error);
  });

  it('uses nested ranges with an exclusive end column and attaches location-less ones to the entry file', () => {
    const parsed = parseValidateOutput(
      readFileSync(path.join(CASES, '01_undefined_variable', 'output.stdout'), 'utf8') +
        readFileSync(path.join(CASES, '14_duplicate_variable', 'output.stdout'), 'utf8'),
    );
    const byFile = toLspDiagnostics(parsed.diagnostics, mapping({}));
    const list = byFile.get(path.join(dir, 'main.pkr.hcl'))!;
    assert.deepEqual(list[0]!.range, { start: { line: 8, character: 25 }, end: { line: 8, character: 30 } });
    assert.equal(list[0]!.relatedInformation?.[0]?.location.range.start.line, 7);
    assert.equal(list[1]!.range.start.line, 0);
    assert.match(String(list[1]!.message), /^Duplicate variable: /);
  });

  it('resolves var-file paths against the directory Packer ran in (V25)', () => {
    const parsed = parseValidateOutput(readFileSync(path.join(FIXTURES, 'transcripts-validate', 'raw', 'err_wrongtype_varfile.stdout'), 'utf8'));
    const byFile = toLspDiagnostics(parsed.diagnostics, mapping({}));
    assert.deepEqual([...byFile.keys()], [path.resolve(dir, '../../wrongtype.pkrvars.hcl')]);
  });
});

describe('packer validate command line', () => {
  it('names the directory and var files by absolute path, so none can be read as a flag', () => {
    assert.deepEqual(validateArgs({ syntaxOnly: true, directory: '/w/-check', varFiles: ['a.pkrvars.hcl', '/etc/b.pkrvars.hcl'] }), [
      'validate',
      '-syntax-only',
      '-var-file=/w/-check/a.pkrvars.hcl',
      '-var-file=/etc/b.pkrvars.hcl',
      '/w/-check',
    ]);
    assert.deepEqual(validateArgs({ syntaxOnly: false, directory: '/w/t', varFiles: [] }), ['validate', '/w/t']);
  });

  it('detects var files but leaves the auto-loaded ones to Packer; settings win', async () => {
    const dir = path.join(FIXTURES, 'validate');
    assert.deepEqual(await detectVarFiles(dir, []), ['undeclared.pkrvars.hcl', 'wrongtype.pkrvars.hcl']);
    assert.deepEqual(await detectVarFiles(dir, ['x.json']), ['x.json']);
  });
});

// Packer quotes user text (block names, values) in its output: the parser must stay linear in it (issue 16). Each input
// below took minutes or failed outright with a regular expression built from the name or backtracking over it; the
// timeout only keeps a regression from hanging the run.
describe('packer validate output parser on hostile names', { timeout: 60_000 }, () => {
  const name = 'n'.repeat(400_000);

  it('underlines a 400,000-character name on its line, with no regular expression built from it', () => {
    const output = `Error: Unsupported argument\n\n  on main.pkr.hcl line 3, in source "null" "x":\n   3:   ${name} = 1\n\nAn argument named "${name}" is not expected here.\n`;
    const parsed = parseValidateOutput(output);
    assert.equal(parsed.diagnostics.length, 1);
    const byFile = toLspDiagnostics(parsed.diagnostics, { cwd: '/w', entryFile: '/w/main.pkr.hcl', lineText: (_file, line) => (line === 2 ? `  ${name} = 1` : undefined) });
    const [diagnostic] = byFile.get('/w/main.pkr.hcl')!;
    assert.deepEqual(diagnostic!.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 2 + name.length } });
  });

  it('reads long runs without a range, many " line N, in " pieces and long blank runs in linear time', () => {
    const pieces = ' line 1, in x'.repeat(30_000);
    const output =
      `Error: Bad thing ${name} and more\n\n  on main.pkr.hcl line 2, in build "${pieces}":\n   2: x\n\n` +
      `Detail ${name}:1 ${' '.repeat(200_000)}x and main.pkr.hcl:4,1-5 too.\n`;
    const parsed = parseValidateOutput(output);
    assert.equal(parsed.diagnostics.length, 1);
    const [diagnostic] = parsed.diagnostics;
    assert.equal(diagnostic!.file, 'main.pkr.hcl');
    assert.equal(diagnostic!.line, 2);
    assert.deepEqual(
      diagnostic!.related.map((related) => [related.file, related.startLine, related.startColumn, related.endColumn]),
      [['main.pkr.hcl', 4, 1, 5]],
    );
  });
});

describe('what packer validate may read', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilder-validate-inputs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes no directory named like a var file as -var-file', async () => {
    writeFileSync(path.join(dir, 'main.pkr.hcl'), 'variable "x" {}\n');
    writeFileSync(path.join(dir, 'real.pkrvars.hcl'), 'x = 1\n');
    mkdirSync(path.join(dir, 'folder.pkrvars.hcl'));
    assert.deepEqual(await detectVarFiles(dir, []), ['real.pkrvars.hcl']);
  });

  it('refuses a directory holding a device, a file over the size limit, or a var file that is not a file', async () => {
    assert.equal(await packerInputsRefusal(dir, ['real.pkrvars.hcl'], 1024), undefined);
    assert.match((await packerInputsRefusal(dir, ['folder.pkrvars.hcl'], 1024)) ?? '', /folder\.pkrvars\.hcl is a directory/);
    writeFileSync(path.join(dir, 'big.pkr.hcl'), 'x'.repeat(4096));
    assert.match((await packerInputsRefusal(dir, [], 1024)) ?? '', /big\.pkr\.hcl is 4 KB, over the 1 KB limit/);
    rmSync(path.join(dir, 'big.pkr.hcl'));
    symlinkSync('/dev/zero', path.join(dir, 'zero.auto.pkrvars.hcl'));
    assert.match((await packerInputsRefusal(dir, [], 1024)) ?? '', /zero\.auto\.pkrvars\.hcl is a character device/);
  });
});
