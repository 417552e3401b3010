// Finds the PyInfra a Python interpreter would run: one short, time-limited process that asks the interpreter where
// the `pyinfra` package lives and which version is installed. It finds the package without importing it, and
// imports nothing from the workspace (it runs in a private empty directory), so no deploy code executes.
import { runTool } from './runTool';

/** Python source run with `-c`: find_spec on a top-level package locates it without executing it. */
const PROBE_SOURCE = [
  'import importlib.util, json, sys',
  'out = {"python": sys.version.split()[0]}',
  'spec = importlib.util.find_spec("pyinfra")',
  'if spec is not None and spec.submodule_search_locations:',
  '    out["packageDir"] = list(spec.submodule_search_locations)[0]',
  '    try:',
  '        from importlib.metadata import version',
  '        out["version"] = version("pyinfra")',
  '    except Exception:',
  '        pass',
  'print(json.dumps(out))',
].join('\n');

export const PYTHON_PROBE_TIMEOUT_MS = 5000;

export type PythonProbeResult =
  | { kind: 'found'; interpreter: string; python: string; packageDir: string; version: string }
  | { kind: 'no-pyinfra'; interpreter: string; python: string }
  | { kind: 'failed'; interpreter: string; message: string };

export async function probePyinfra(interpreter: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<PythonProbeResult> {
  const timeoutMs = options.timeoutMs ?? PYTHON_PROBE_TIMEOUT_MS;
  const result = await runTool(interpreter, ['-c', PROBE_SOURCE], { timeoutMs, signal: options.signal, killGraceMs: 500, maxBuffer: 64 * 1024, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  switch (result.kind) {
    case 'not-found':
      return { kind: 'failed', interpreter, message: `${interpreter} was not found` };
    case 'timed-out':
      return { kind: 'failed', interpreter, message: `${interpreter} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}` };
    case 'cancelled':
      return { kind: 'failed', interpreter, message: `the look-up with ${interpreter} was cancelled` };
    case 'failed':
      return { kind: 'failed', interpreter, message: result.message };
    case 'exited': {
      if (result.exitCode !== 0) return { kind: 'failed', interpreter, message: `${interpreter} exited with ${result.exitCode}: ${result.stderr.trim().split('\n').pop() ?? ''}`.trim() };
      const answer = parseAnswer(result.stdout);
      if (!answer) return { kind: 'failed', interpreter, message: `${interpreter} gave an answer Bilder does not understand` };
      if (answer.packageDir && answer.version) return { kind: 'found', interpreter, python: answer.python, packageDir: answer.packageDir, version: answer.version };
      return { kind: 'no-pyinfra', interpreter, python: answer.python };
    }
  }
}

function parseAnswer(stdout: string): { python: string; packageDir?: string; version?: string } | undefined {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (typeof value.python !== 'string') return undefined;
    return {
      python: value.python,
      packageDir: typeof value.packageDir === 'string' ? value.packageDir : undefined,
      version: typeof value.version === 'string' ? value.version : undefined,
    };
  } catch {
    return undefined;
  }
}
