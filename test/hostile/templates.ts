// Synthetic templates for the hostile-input tests and the storm benchmarks: valid Packer, of a chosen size, with a
// marker that changes per version so a test can tell which text an answer came from.
import { readFileSync } from 'node:fs';

/** A valid template of about `bytes` characters whose first variable is named `marker`. */
export function sizedTemplate(bytes: number, marker = 'marker'): string {
  const parts = [`variable "${marker}" {\n  type    = string\n  default = "x"\n}\n\n`];
  let length = parts[0]!.length;
  for (let i = 0; length < bytes; i++) {
    const block =
      `variable "name_${i}" {\n  type    = string\n  default = "value-${i}"\n}\n\n` +
      `source "amazon-ebs" "image_${i}" {\n  region        = "us-east-1"\n  ami_name      = "\${var.name_${i}}-\${var.${marker}}"\n  instance_type = "t3.micro"\n  source_ami    = "ami-0123456789"\n  ssh_username  = "ubuntu"\n}\n\n`;
    parts.push(block);
    length += block.length;
  }
  parts.push('build {\n  sources = ["source.amazon-ebs.image_0"]\n}\n');
  return parts.join('');
}

/** The same template with its marker renamed everywhere (a whole-text change that touches many places). */
export function withMarker(template: string, from: string, to: string): string {
  return template.split(from).join(to);
}

/** Resident memory of a process in MB, from /proc (Linux only; the tests that use it skip elsewhere). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

export const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/status');
    return true;
  } catch {
    return false;
  }
})();
