// Secrets never leave the server unmasked: one policy for every sink (log file, events, history, notifications, the
// terminal). What counts as a secret: values of variables declared sensitive or named like secrets, in every form
// Packer or a script may print them (as given, JSON/Go-quoted, shell-quoted, HCL-escaped); private keys with or
// without their BEGIN/END armour.
import { isSecretName } from '../../../protocol/secretNames';
import { hclString } from '../runner/packerBuild';

export { isSecretName };

export const REDACTED = '<sensitive>';

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
/**
 * Values shorter than this are masked only where they stand as a whole token: masking "abc" inside every word would
 * make the log unreadable, but `password=abc` must not show it.
 */
const MIN_ANYWHERE_LENGTH = 6;
/** Base64 runs this long that mix upper case, lower case and digits are key material (PEM and OpenSSH body lines). */
const MIN_KEY_MATERIAL_LENGTH = 40;

/** The forms a value takes when printed by Packer, Go, JSON, a shell or HCL. */
export function printedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const shellSingle = value.replace(/'/g, `'\\''`);
  const shellDouble = value.replace(/[\\"$`]/g, '\\$&');
  const hcl = hclString(value).slice(1, -1);
  return [...new Set([value, json, shellSingle, shellDouble, hcl, urlEncoded(value)])].filter((form) => form.length > 0);
}

/** A lone surrogate cannot be URL-encoded (encodeURIComponent throws); such a value has no URL form to mask. */
function urlEncoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

const isTokenCharacter = (character: string | undefined) => character !== undefined && /[A-Za-z0-9_\-.]/.test(character);
const isBase64Character = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47 || code === 61;

/** Replaces runs of base64 that look like key material (long, mixing cases and digits); one pass over the text. */
function maskKeyMaterial(text: string): string {
  let result = '';
  let last = 0;
  for (let start = 0; start < text.length; ) {
    if (!isBase64Character(text.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start;
    let upper = false;
    let lower = false;
    let digit = false;
    while (end < text.length && isBase64Character(text.charCodeAt(end))) {
      const code = text.charCodeAt(end);
      upper ||= code >= 65 && code <= 90;
      lower ||= code >= 97 && code <= 122;
      digit ||= (code >= 48 && code <= 57) || code === 43 || code === 47;
      end++;
    }
    if (end - start >= MIN_KEY_MATERIAL_LENGTH && upper && lower && digit) {
      result += text.slice(last, start) + REDACTED;
      last = end;
    }
    start = end;
  }
  return last === 0 ? text : result + text.slice(last);
}

/** Replaces whole-token occurrences of a short value (its neighbours are not letters, digits, `_`, `-` or `.`). */
function maskToken(text: string, value: string): string {
  let result = '';
  let last = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
    if (isTokenCharacter(text[at - 1]) || isTokenCharacter(text[at + value.length])) continue;
    result += text.slice(last, at) + REDACTED;
    last = at + value.length;
  }
  return last === 0 ? text : result + text.slice(last);
}

export class Redactor {
  /** Longest first, so a secret that contains another is masked whole. */
  private readonly anywhere: string[];
  private readonly tokens: string[];
  private inPrivateKey = false;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) if (secret.length > 0) for (const form of printedForms(secret)) forms.add(form);
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.anywhere = sorted.filter((form) => form.length >= MIN_ANYWHERE_LENGTH);
    this.tokens = sorted.filter((form) => form.length < MIN_ANYWHERE_LENGTH);
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

  /** Masks secrets and key material in a string without line state (event fields, command lines, messages). */
  text(text: string): string {
    let result = text;
    for (const secret of this.anywhere) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    for (const secret of this.tokens) if (result.includes(secret)) result = maskToken(result, secret);
    if (KEY_BEGIN.test(result)) result = result.replace(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, REDACTED);
    return maskKeyMaterial(result);
  }

  /** Masks every string inside a value (an event): field by field, so escaping for transport cannot hide a secret. */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.value(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, this.value(item)])) as T;
    }
    return value;
  }
}

/** The variables whose values are secret: declared sensitive, named like a secret, or listed by the caller. */
export function secretNames(vars: Record<string, string>, sensitiveNames: Iterable<string>): string[] {
  const sensitive = new Set(sensitiveNames);
  return Object.keys(vars).filter((name) => sensitive.has(name) || isSecretName(name));
}

/** The secret values among `-var`s. */
export function secretValues(vars: Record<string, string>, sensitiveNames: Iterable<string>): string[] {
  return secretNames(vars, sensitiveNames).map((name) => vars[name]!);
}
