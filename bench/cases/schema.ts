// The generated Packer plugin schema stays small and lazy: its size on disk (read from dist/schema, beside the bundle,
// never part of it), and what a server pays the first time a template names a component: the index plus one plugin's
// data, against reading every plugin.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../../test/helpers/lspClient';
import { PluginSchemas } from '../../server/src/packer/schema/plugins';
import type { ComponentKind } from '../../server/src/packer/schema/types';
import type { BenchRow } from '../lib/report';
import { round, summarize } from '../lib/measure';

const DATA = path.join(REPO_ROOT, 'dist', 'schema');
const KINDS: readonly ComponentKind[] = ['builder', 'provisioner', 'post-processor', 'datasource'];
const ms = (value: number) => `${round(value, value < 10 ? 2 : 0)} ms`;

export async function schemaBench(runs = 20): Promise<BenchRow[]> {
  const files = readdirSync(DATA).filter((name) => name.endsWith('.json'));
  const sizes = files.map((name) => ({ name, bytes: statSync(path.join(DATA, name)).size }));
  const total = sizes.reduce((sum, file) => sum + file.bytes, 0);
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const index = sizes.find((file) => file.name === 'index.json')!;
  const first: number[] = [];
  const all: number[] = [];
  let components = 0;
  for (let run = 0; run < runs; run++) {
    // A fresh catalogue each run: nothing is cached between them, as in a new server.
    let schemas = new PluginSchemas([DATA]);
    let start = performance.now();
    if (!schemas.findComponent('builder', 'amazon-ebs')) throw new Error(`no amazon-ebs in ${DATA}: run npm run build`);
    first.push(performance.now() - start);
    schemas = new PluginSchemas([DATA]);
    start = performance.now();
    components = 0;
    for (const kind of KINDS) for (const summary of schemas.summaries(kind)) if (schemas.findComponent(kind, summary.type)) components++;
    all.push(performance.now() - start);
  }
  const firstStats = summarize(first);
  const allStats = summarize(all);
  const kb = (bytes: number) => `${round(bytes / 1024, 0)} KB`;
  return [
    {
      id: 'schema.size',
      kind: 'figure',
      label: `plugin schema data (Packer core and ${files.length - 2} plugins, ${components} components), read from dist/schema, not bundled`,
      measured: `${kb(total)} in all · index ${kb(index.bytes)} · largest ${largest.name} ${kb(largest.bytes)}`,
      data: { total, index: index.bytes, largest, files: sizes.length },
    },
    {
      id: 'schema.load',
      kind: 'figure',
      label: `schema load: the first component looked up (index + amazon, the largest plugin) vs every component (${runs} fresh catalogues)`,
      measured: `p50 ${ms(firstStats.p50)} · every plugin p50 ${ms(allStats.p50)}`,
      goal: 'first lookup ≤ 10 ms',
      met: firstStats.p50 <= 10,
      data: { first: firstStats, all: allStats, components },
    },
  ];
}
