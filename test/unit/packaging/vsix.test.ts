// What the Marketplace and Open VSX read: the packaged .vsix (scripts/package.mjs over the built dist/), its manifest
// and vsce's own verdict. A warning from vsce fails the test, as it would hold up a release.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/lspClient';
import { readZip } from '../../helpers/zip';

interface Setting {
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
}

describe('the packaged .vsix', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'bilder-vsix-test-'));
  const vsix = path.join(folder, 'bilder.vsix');
  let vsceOutput = '';
  let files: Map<string, Buffer>;
  let manifest: Record<string, any>;
  let vsixManifest: string;

  before(async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package.mjs')], {
      env: { ...process.env, BILDER_VSIX: vsix, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    vsceOutput = stdout + stderr;
    files = readZip(readFileSync(vsix));
    manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    vsixManifest = files.get('extension.vsixmanifest')!.toString('utf8');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('is packaged without a single vsce warning', () => {
    assert.match(vsceOutput, /DONE\s+Packaged/);
    assert.doesNotMatch(vsceOutput, /warn/i, vsceOutput);
  });

  it('has the version, icon and gallery banner the stores show', () => {
    assert.equal(manifest.version, JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    assert.equal(manifest.icon, 'images/icon.png');
    const icon = files.get('extension/images/icon.png');
    assert.ok(icon, 'the icon is in the package');
    assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is 128×128');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme));
    assert.match(vsixManifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
  });

  it('has keywords, categories and links to the repository, issues and homepage', () => {
    for (const keyword of ['packer', 'hcl', 'pyinfra', 'ami', 'machine image']) assert.ok(manifest.keywords.includes(keyword), keyword);
    // The Marketplace takes at most 30 keywords.
    assert.ok(manifest.keywords.length <= 30);
    assert.match(manifest.repository?.url ?? '', /^https:\/\//);
    assert.match(manifest.bugs?.url ?? '', /^https:\/\//);
    assert.match(manifest.homepage ?? '', /^https:\/\//);
    assert.match(vsixManifest, /<Tags>[^<]*pyinfra[^<]*<\/Tags>/);
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Links\.Source" Value="https:/);
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Links\.Support" Value="https:/);
  });

  it('runs where the workspace is, and needs no proposed API (so the same file publishes to Open VSX)', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.enabledApiProposals, undefined);
    assert.ok(!/"enableProposedApi"/.test(JSON.stringify(manifest)));
  });

  it('describes every setting in markdown, and every choice of an enum', () => {
    const settings = Object.entries(manifest.contributes.configuration.properties as Record<string, Setting>);
    assert.ok(settings.length >= 8);
    for (const [key, setting] of settings) {
      assert.ok(setting.markdownDescription?.trim(), `${key} has a markdownDescription`);
      if (setting.enum) {
        const descriptions = setting.markdownEnumDescriptions ?? setting.enumDescriptions;
        assert.equal(descriptions?.length, setting.enum.length, `${key} describes each of ${setting.enum.join(', ')}`);
      }
    }
  });

  it('contributes the $bilder problem matcher for bilder check output', () => {
    const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'bilder');
    assert.ok(matcher);
    const pattern = new RegExp(matcher.pattern.regexp);
    const line = 'images/consul/consul.pkr.hcl:12:5: warning: "ami_nme" is not an attribute of amazon-ebs [schema/unknown-attribute]';
    const match = pattern.exec(line)!;
    const field = (name: string) => match[matcher.pattern[name]];
    assert.deepEqual(
      ['file', 'line', 'column', 'severity', 'message', 'code'].map(field),
      ['images/consul/consul.pkr.hcl', '12', '5', 'warning', '"ami_nme" is not an attribute of amazon-ebs', 'schema/unknown-attribute'],
    );
    assert.equal(pattern.exec('x.pkr.hcl:1:1: hint: local "a" is never used')?.[matcher.pattern.code], undefined);
    assert.ok(manifest.contributes.taskDefinitions.some((t: { type: string }) => t.type === 'bilder-check'));
  });

  it('carries the walkthrough and every file its steps show', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.id, 'gettingStarted');
    const steps: { id: string; description: string; media: { markdown?: string; image?: string } }[] = walkthrough.steps;
    assert.deepEqual(
      steps.map((step) => step.id),
      ['openTemplate', 'trustFolder', 'completeAndFormat', 'buildLocally', 'settingsAndLogs'],
    );
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const step of steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && files.has(`extension/${media}`), `${step.id}: ${media} is in the package`);
      // A button for one of our own commands must name a command we contribute.
      for (const [, command] of step.description.matchAll(/\(command:(bilder\.[\w.]+)/g)) assert.ok(commands.has(command), `${step.id}: ${command}`);
    }
  });

  it('holds the bundles, grammars and changelog, and nothing from the source tree', () => {
    const names = [...files.keys()];
    for (const required of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/changelog.md', 'extension/readme.md']) {
      assert.ok(files.has(required), required);
    }
    assert.deepEqual(names.filter((name) => /node_modules|\.ts$|\.map$|^extension\/(test|server|client|examples|scripts)\//.test(name)), []);
  });
});
