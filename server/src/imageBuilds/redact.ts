// Secrets never leave the server: sensitive variable values and private keys are masked in every log line, event
// and command line before anything is written to disk, sent to the client or stored in the build history.
export const REDACTED = '<sensitive>';

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
/** Values shorter than this would mask ordinary words ("yes", "1") all over the log. */
const MIN_SECRET_LENGTH = 4;
/** Variable names that hold secrets even when the template forgets `sensitive = true`. */
const SECRET_NAME = /pass(word)?|secret|token|private[_-]?key|api[_-]?key|credential/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export class Redactor {
  private readonly secrets: string[];
  private inPrivateKey = false;

  constructor(secrets: Iterable<string>) {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** Masks one line; lines of a PEM private key, from BEGIN to END, are replaced entirely. Stateful across lines. */
  line(text: string): string {
    if (this.inPrivateKey) {
      if (KEY_END.test(text)) this.inPrivateKey = false;
      return REDACTED;
    }
    const begin = KEY_BEGIN.exec(text);
    if (begin) {
      this.inPrivateKey = !KEY_END.test(text.slice(begin.index + begin[0].length));
      return `${text.slice(0, begin.index)}${REDACTED}`;
    }
    return this.text(text);
  }

  /** Masks secrets in a string without line state (event fields, command lines). */
  text(text: string): string {
    let result = text;
    for (const secret of this.secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return result;
  }
}

/** The secret values among `-var`s: declared sensitive, named like a secret, or listed by the caller. */
export function secretValues(vars: Record<string, string>, sensitiveNames: Iterable<string>): string[] {
  const sensitive = new Set(sensitiveNames);
  return Object.entries(vars)
    .filter(([name]) => sensitive.has(name) || isSecretName(name))
    .map(([, value]) => value);
}
