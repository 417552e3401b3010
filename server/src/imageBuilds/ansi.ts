// Packer colours its UI lines and PyInfra 2 colours its error line even on a pipe; logs and parsers want plain text.
// CSI sequences (colours, erase-line) and OSC sequences cover everything either tool prints.
const ANSI_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI_SEQUENCE, '') : text;
}
