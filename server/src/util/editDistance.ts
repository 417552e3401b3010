// Edit distances for "did you mean …?": the syntax checker's suggestions (plain Levenshtein, as hclsyntax computes
// them), and quick fixes, which need one candidate clearly closer than every other, or the suggestion misleads.

/** Insertions, deletions and substitutions cost 1. */
export function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, table[i - 2]![j - 2]! + 1);
      table[i]![j] = best;
    }
  }
  return table[a.length]![b.length]!;
}

/**
 * The one candidate within `limit` edits (by default a third of the name's length, at least one) that is strictly
 * closer than the runner-up; undefined when there is none or a tie.
 */
export function clearlyClosest(name: string, candidates: Iterable<string>, limit = Math.max(1, Math.floor(name.length / 3))): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  let runnerUp = Number.POSITIVE_INFINITY;
  for (const candidate of new Set(candidates)) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) {
      runnerUp = best ? best.distance : runnerUp;
      best = { candidate, distance };
    } else if (distance < runnerUp) {
      runnerUp = distance;
    }
  }
  return best && best.distance <= limit && best.distance < runnerUp ? best.candidate : undefined;
}
