// The PyInfra catalogue stays off the start-up path: a server that only sees Packer files never reads it, and the
// first deploy pays for it once. Measured over stdio like an editor, in Restricted Mode (the bundled catalogue, no
// interpreter asked), plus the in-process cost of reading one bundled catalogue.
import { performance } from 'node:perf_hooks';
import { LspClient } from '../../test/helpers/lspClient';
import { BundledCatalogues } from '../../server/src/pyinfra/catalogue/bundled';
import type { BenchRow } from '../lib/report';
import { round, summarize } from '../lib/measure';

const ms = (value: number) => `${round(value, value < 10 ? 2 : 0)} ms`;
const DEPLOY = 'from pyinfra.operations import apt, server\napt.packages(packages=["jq=1.6"], updat=True)\nserver.shell(commands=["true"])\n';
const TEMPLATE = 'variable "region" {\n  type = string\n}\n';

export async function pyinfraCatalogueBench(runs = 5): Promise<BenchRow[]> {
  const firstDeploy: number[] = [];
  let readBeforeDeploy = false;
  for (let run = 0; run < runs; run++) {
    const client = await LspClient.start();
    const template = `file:///bench/pyinfra-${run}.pkr.hcl`;
    await client.open(template, TEMPLATE);
    await client.diagnosticsForVersion(template, 1);
    // The provider logs the catalogue it serves; before any deploy there must be none.
    if (client.logs.some((log) => /PyInfra \d/.test(log.message))) readBeforeDeploy = true;
    const deploy = `file:///bench/bilder/images/app${run}/deploy.py`;
    const start = performance.now();
    await client.open(deploy, DEPLOY, 'python');
    await client.waitForDiagnostics(deploy, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'pyinfra/unknown-argument'), 20_000);
    firstDeploy.push(performance.now() - start);
    // The same log line after the deploy proves the check above can see a read at all.
    if (!client.logs.some((log) => /PyInfra \d/.test(log.message))) throw new Error('the server never said which PyInfra serves');
    await client.stop();
  }
  const reads: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await new BundledCatalogues().load('3.1.1');
    reads.push(performance.now() - start);
  }
  const deploy = summarize(firstDeploy);
  const read = summarize(reads);
  return [
    {
      id: 'pyinfra.catalogue-off-startup',
      kind: 'figure',
      label: `PyInfra catalogue read before the first deploy is opened (${runs} cold servers)`,
      measured: readBeforeDeploy ? 'yes' : 'no',
      goal: 'no',
      met: !readBeforeDeploy,
      data: { readBeforeDeploy },
    },
    {
      id: 'pyinfra.first-deploy',
      kind: 'figure',
      label: `first deploy.py opened → diagnostics checked against the catalogue (${runs} cold servers)`,
      measured: `p50 ${ms(deploy.p50)} · max ${ms(deploy.max)} (reading the 3.1.1 catalogue: p50 ${ms(read.p50)})`,
      goal: '≤ 300 ms',
      met: deploy.p50 <= 300,
      data: { firstDeploy: deploy, catalogueRead: read },
    },
  ];
}
