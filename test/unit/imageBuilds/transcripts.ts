// Reads the captured Packer transcripts in test/fixtures/imageBuilds/transcripts into (lines, exit code) runs. The captures
// come in several wrappers (plain stdout, `rc=N` trailers, cancel scenarios with timing columns, scenario files
// separated by `===========` headers, `cat -v` colour); this undoes the wrapper and leaves Packer's own bytes.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'imageBuilds');
export const TRANSCRIPTS_DIR = path.join(FIXTURES_DIR, 'transcripts');

export interface TranscriptRun {
  name: string;
  lines: string[];
  exitCode: number | null;
}

function exitFrom(text: string, lines: string[]): number | null {
  const rc = /^rc=(-?\d+)$/m.exec(text) ?? /^exit status: (-?\d+)/m.exec(text) ?? /exit=\{"code":(-?\d+|null)/.exec(text);
  if (rc) return rc[1] === 'null' ? null : Number(rc[1]) < 0 ? null : Number(rc[1]);
  return lines.some((line) => line.includes('The artifacts of successful builds are')) ? 0 : 1;
}

function withoutTrailer(lines: string[]): string[] {
  return lines.filter((line) => !/^rc=-?\d+$/.test(line));
}

function cancelRun(name: string, text: string): TranscriptRun {
  const all = text.split('\n');
  let lines: string[];
  if (all.some((line) => line.startsWith('---- output'))) {
    const start = all.findIndex((line) => line.startsWith('---- output')) + 1;
    const end = all.findIndex((line, index) => index >= start && line.startsWith('---- '));
    lines = all.slice(start, end === -1 ? undefined : end).map((line) => line.replace(/^\[\s*[-+]?\d+\.\d+s (?:out|err)\] ?/, ''));
  } else {
    // node-spawn demos: `+1.09s [say] text`, already decoded from -machine-readable by the capture script.
    lines = all.filter((line) => !line.startsWith('mode=')).map((line) => line.replace(/^\+\d+\.\d+s \[\w+\] ?/, ''));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { name, lines, exitCode: exitFrom(text, lines) };
}

function scenarioRuns(name: string, text: string): TranscriptRun[] {
  const runs: TranscriptRun[] = [];
  const parts = text.split(/^=========== (.*)$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const title = parts[i]!.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '');
    let body = parts[i + 1]!.replace(/^\n/, '');
    if (title.includes('cat-v')) body = body.replaceAll('^[', '\x1b');
    const lines = withoutTrailer(body.split('\n'));
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    runs.push({ name: `${name}#${title}`, lines, exitCode: exitFrom(body, lines) });
  }
  return runs;
}

/** PyInfra run on its own: wrapped the way shell-local relays it, once per Packer prefix style. */
function pyinfraStandaloneRuns(name: string, text: string): TranscriptRun[] {
  const body = text.split('\n');
  if (body[body.length - 1] === '') body.pop();
  const failed = /pyinfra error|Error: executed|Traceback|EOFError|exception occurred/.test(text);
  const wrap = (prefix: string) => [
    '==> null.pyinfra: Running local shell script: /build/temp/packer-shell1',
    ...body.map((line) => (line ? `${prefix}null.pyinfra: ${line.replace(/\s+$/, '')}` : `${prefix}null.pyinfra:`)),
    ...(failed
      ? [
          "Build 'null.pyinfra' errored after 1 second: Script exited with non-zero exit status: 1.Allowed exit codes are: [0]",
          '',
          "==> Builds finished but no artifacts were created.",
        ]
      : ["Build 'null.pyinfra' finished after 1 second.", '', '==> Builds finished. The artifacts of successful builds are:', '--> null.pyinfra: Did not export anything. This is the null builder']),
  ];
  return [
    { name: `${name}#packer-1.6`, lines: wrap('    '), exitCode: failed ? 1 : 0 },
    { name: `${name}#packer-1.13`, lines: wrap('==> '), exitCode: failed ? 1 : 0 },
  ];
}

export function transcriptFiles(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(TRANSCRIPTS_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(TRANSCRIPTS_DIR, path.join(entry.parentPath, entry.name));
    files.push(relative);
  }
  return files.sort();
}

/** Every run in every transcript; stderr captures of Packer (always empty) and pty captures are not build output. */
export function transcriptRuns(): TranscriptRun[] {
  const runs: TranscriptRun[] = [];
  for (const file of transcriptFiles()) {
    const text = readFileSync(path.join(TRANSCRIPTS_DIR, file), 'utf8');
    const name = file.replace(/\\/g, '/');
    if (file.endsWith('.stdout') || (file.endsWith('.stderr') && !file.startsWith('pyinfra'))) continue;
    if (file.endsWith('.raw')) {
      runs.push(...pyinfraStandaloneRuns(name, text.replace(/\r\n/g, '\n')));
    } else if (file.startsWith('pyinfra') && file.endsWith('.stderr')) {
      runs.push(...pyinfraStandaloneRuns(name, text));
    } else if (file.startsWith('cancel')) {
      runs.push(cancelRun(name, text));
    } else if (text.startsWith('=========== ')) {
      runs.push(...scenarioRuns(name, text));
    } else if (file.includes('CONSTRUCTED_olinfra')) {
      const [failing, succeeding] = text.split(/^#{20,}\n# Same pyinfra run when it SUCCEEDS.*\n#{20,}\n/m);
      const strip = (part: string) => part.split('\n').filter((line) => !line.startsWith('#'));
      const fail = strip(failing!);
      runs.push({ name: `${name}#failing`, lines: fail, exitCode: 1 });
      const success = strip(succeeding!.split(/^#{20,}$/m)[0]!).filter(Boolean);
      runs.push({ name: `${name}#succeeding-tail`, lines: success, exitCode: 0 });
    } else {
      const lines = withoutTrailer(text.split('\n'));
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      runs.push({ name, lines, exitCode: exitFrom(text, lines) });
    }
  }
  return runs;
}
