// SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps, IDE viewers) read: one run of the `bilder`
// tool with every rule it knows (id, description, default level, a link to its documentation) and one result per
// diagnostic, located relative to the directory the check ran in. test/cli validates this against the schema.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { homepage } from '../../../../package.json';
import { allRules } from '../../diagnostics/rules';
import type { Rule } from '../../diagnostics/rules';
import { BILDER_VERSION } from '../../version';
import type { FileReport } from './types';
import { messageText } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The README's table of diagnostic codes: every rule is described there. */
const RULES_HELP_URI = String(homepage).replace(/#.*$/, '') + '#diagnostic-codes';
const SOURCE_ROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

function levelOf(severity: DiagnosticSeverity | undefined): Level {
  if (severity === DiagnosticSeverity.Warning) return 'warning';
  if (severity === DiagnosticSeverity.Information || severity === DiagnosticSeverity.Hint) return 'note';
  return 'error';
}

function ruleDescriptor(rule: Pick<Rule, 'code' | 'description' | 'severity'>) {
  return {
    id: rule.code,
    name: rule.code.replace(/[/-](\w)/g, (_match, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: RULES_HELP_URI,
    help: { text: `${rule.description} Turn it off with \`bilder check --disable ${rule.code}\` or the bilder.diagnostics.disabled setting.` },
    defaultConfiguration: { level: levelOf(rule.severity) },
  };
}

/** Relative to the check's directory when the file lies below it (what code scanning expects); a file URI otherwise. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

export function sarifReport(reports: readonly FileReport[], root = process.cwd()): string {
  const rules = allRules().map(ruleDescriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => {
      const code = typeof d.code === 'string' || typeof d.code === 'number' ? String(d.code) : undefined;
      // Codes outside the registry (what `packer validate` reports) still get a rule, so every result has one.
      if (code !== undefined && !ruleIndex.has(code)) {
        ruleIndex.set(code, rules.length);
        rules.push(ruleDescriptor({ code, description: `Reported by ${d.source ?? 'bilder'}.`, severity: d.severity ?? DiagnosticSeverity.Error }));
      }
      const { start, end } = d.range;
      return {
        ...(code !== undefined ? { ruleId: code, ruleIndex: ruleIndex.get(code)! } : {}),
        level: levelOf(d.severity),
        message: { text: messageText(d) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(file, root),
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
      };
    }),
  );
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bilder',
            fullName: 'Bilder: Packer + PyInfra',
            version: BILDER_VERSION,
            semanticVersion: BILDER_VERSION,
            informationUri: String(homepage),
            rules,
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href } },
        // LSP positions count UTF-16 code units, as SARIF does by default; saying so keeps viewers from guessing.
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
