// Rules register themselves when their module loads; importing the composition points loads every one of them.
import '../../server/src/analysis/analyzeDocument';
import '../../server/src/languages';
import '../../server/src/hcl/syntax';
import '../../server/src/diagnostics/store';

export function loadAllRules(): void {
  // The imports above do the work; this function exists so callers state their intent.
}
