// Which variable names hold secrets even when a template forgets `sensitive = true`. Shared by the server (masking in
// logs, events and command lines) and the client (what the build history may keep), so both follow one policy.

/** Name parts that mark a secret on their own: `db_password`, `apiKey`, `VAULT_TOKEN`, `ssh_private_key`. */
const SECRET_PARTS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
  'creds',
]);

/** Substrings that mark a secret inside a run-together name (`dbpassword`, `clientsecret`). */
const SECRET_SUBSTRINGS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'apikey', 'privatekey'];

export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_SUBSTRINGS.some((part) => lower.includes(part))) return true;
  // Words of snake_case, kebab-case, dotted and camelCase names.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_PARTS.has(word));
}
