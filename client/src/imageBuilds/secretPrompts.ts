// What the build prompts show of a variable's value, by the one secret policy (protocol/secretNames): a variable declared
// sensitive or named like a secret (`db_password`, `ssh_keys`, `api_token`) is neither shown in a summary nor echoed
// while typed. Free of `vscode`, so it is unit-tested.
import type { BuildImageVariable, BuildRequest } from '../../../protocol';
import { isSecretName } from '../../../protocol/secretNames';

function isSecret(name: string, sensitive: ReadonlySet<string>): boolean {
  return sensitive.has(name) || isSecretName(name);
}

/** `name=value …` of a request, secrets masked: what the "Run again" picker describes. */
export function describeVars(request: BuildRequest): string {
  const sensitive = new Set(request.sensitive ?? []);
  return Object.entries(request.vars ?? {})
    .map(([name, value]) => `${name}=${isSecret(name, sensitive) ? '•••' : value}`)
    .join(' ');
}

/** Whether the input box for this variable hides what is typed. */
export function hidesInput(variable: Pick<BuildImageVariable, 'name' | 'sensitive'>): boolean {
  return variable.sensitive || isSecretName(variable.name);
}
