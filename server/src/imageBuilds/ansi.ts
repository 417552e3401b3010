// Packer colours its UI lines and PyInfra 2 colours its error line even on a pipe; logs and parsers want plain text.
// CSI sequences (colours, erase-line) and OSC sequences cover everything either tool prints.
const ANSI_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI_SEQUENCE, '') : text;
}

/** How Packer's UI printed a line: `say` and `message` are its own voice, `error` also carries whatever a
 * provisioner wrote to stderr (all of PyInfra's human output). */
export type UiLevel = 'say' | 'message' | 'error' | 'plain';

const RESET = '\x1b[0m';
const STYLE = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  boldRed: '\x1b[1;31m',
  green: '\x1b[32m',
  boldGreen: '\x1b[1;32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  boldBlue: '\x1b[1;34m',
} as const;

/** `==> name: ` / `    name: ` / `==> name (type): `, the prefix Packer puts before a source's lines. */
const SOURCE_PREFIX = /^((?:==> |    )[A-Za-z][\w.-]*(?: \([^)]+\))?:)( ?)(.*)$/;

/** PyInfra's own lines by meaning, as PyInfra colours them on a terminal (it cannot through Packer's pipe). */
const PYINFRA_STYLES: readonly { pattern: RegExp; style: string }[] = [
  { pattern: /^--> (pyinfra error|Operation error|Argument type error|An internal exception occurred|An exception occurred in)/, style: STYLE.boldRed },
  { pattern: /^--> Starting (?:.+ )?operation: /, style: STYLE.boldBlue },
  { pattern: /^--> /, style: STYLE.blue },
  { pattern: /^\s+\[[^\]]+\]\s+(?:nested\s+)?Error \(ignored/, style: STYLE.yellow },
  { pattern: /^\s+\[[^\]]+\]\s+(?:nested\s+)?(?:Error|Could not connect|Authentication error)/, style: STYLE.red },
  { pattern: /^\s+\[[^\]]+\]\s+(?:nested\s+)?(?:Success|Connected)\s*$/, style: STYLE.green },
  { pattern: /^\s+\[[^\]]+\]\s+(?:nested\s+)?(?:No changes|Skipped)\s*$/, style: STYLE.dim },
  { pattern: /^\s*[A-Za-z_][\w.]*(?:Error|Exception):/, style: STYLE.red },
];

const TOP_LEVEL_STYLES: readonly { pattern: RegExp; style: string }[] = [
  { pattern: /^Build '[^']+' finished after /, style: STYLE.boldGreen },
  { pattern: /^Build '[^']+' errored after |^Error: /, style: STYLE.boldRed },
  { pattern: /^==> Some builds didn't complete/, style: STYLE.boldRed },
  { pattern: /^==> |^--> /, style: STYLE.bold },
  { pattern: /^Cancelling build|^Cleanly cancelled/, style: STYLE.yellow },
];

function styled(text: string, style: string | undefined): string {
  return style && text ? `${style}${text}${RESET}` : text;
}

/**
 * One plain output line with SGR colours by meaning: the source prefix dim, PyInfra's lines as PyInfra colours them,
 * Packer's by level. Only for views that render colour; the log file and the parser keep the plain text.
 */
export function colourLine(text: string, level: UiLevel): string {
  const prefixed = SOURCE_PREFIX.exec(text);
  if (!prefixed) return styled(text, TOP_LEVEL_STYLES.find((rule) => rule.pattern.test(text))?.style ?? (level === 'error' ? STYLE.red : undefined));
  const [, prefix, space, body] = prefixed as unknown as [string, string, string, string];
  const pyinfra = PYINFRA_STYLES.find((rule) => rule.pattern.test(body))?.style;
  const packer = level === 'say' ? STYLE.bold : undefined;
  // PyInfra writes everything to stderr, so its plain lines arrive as errors: only Packer's own error lines are red.
  const looksLikePyinfra = body.startsWith('--> ') || body.startsWith('    ') || body.startsWith('[');
  const style = pyinfra ?? (level === 'error' && !looksLikePyinfra ? STYLE.red : packer);
  // The prefix repeats on every line: dim, so that what the tools say stands out.
  return `${styled(prefix, STYLE.dim)}${space}${styled(body, style)}`;
}
