// Prints the README's table of diagnostic codes from the rule registry, so docs and code cannot drift apart.
// Usage: node --import tsx scripts/print-rules.ts
import { allRules } from '../server/src/diagnostics/rules';
import { loadAllRules } from '../test/helpers/rules';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

loadAllRules();
const lines = ['| code | severity | what it reports |', '| --- | --- | --- |'];
for (const rule of allRules()) lines.push(`| \`${rule.code}\` | ${SEVERITY[rule.severity]} | ${rule.description.replace(/\|/g, '\\|')} |`);
process.stdout.write(`${lines.join('\n')}\n`);
