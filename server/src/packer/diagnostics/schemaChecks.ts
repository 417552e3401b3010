// Checks a file's blocks against the schema data: unknown blocks and attributes, label counts, missing required
// attributes. Plugin bodies are checked only for components the schema knows; an unknown plugin type is left alone.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics/rules';
import { attributeName, attributesOf, blockBody, blockLabelNodes, blockType, blocksOf, fileBody, firstChildOfType } from '../../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../../parsing/treeSitter';
import type { PackerConfiguration } from '../configuration';
import { labelValue, movedPosition } from '../model';
import { buildBlocks, componentKindOfBlock, findComponent, topLevelBlocks } from '../schema';
import type { AttributeSchema, BlockSchema, ComponentSchema, NestedBlockSchema } from '../schema';
import { deprecatedAttribute, labelCount, missingPluginAttribute, missingRequiredAttribute, notInKnownRelease, removedAttribute, unknownAttribute, unknownBlock } from './rules';
import type { InstalledPlugin } from '../schema/installedPlugins';
import { otherReleaseReason, pluginNameOfSource } from '../schema/pluginVersions';
import type { PluginReleaseContext } from '../schema/pluginVersions';
import type { Rule } from '../../diagnostics/rules';
import { RecentDocuments } from '../../util/recentDocuments';

/** The block type that repeats a nested block from a collection; its generated blocks are not checked. */
const DYNAMIC_BLOCK = 'dynamic';
const SOURCE_REFERENCE_PREFIX = 'source.';

interface BodyFrame {
  body: SyntaxNode;
  /** When set, only this item of the body is checked (a top-level item, checked on its own so its result can be reused). */
  only?: SyntaxNode;
  attributes: readonly AttributeSchema[];
  blocks: Readonly<Record<string, BlockSchema | NestedBlockSchema>>;
  /**
   * `top` (file body) and `build` (a build and its post-processor chains) may hold plugin blocks, and an unknown block
   * there is an error; in any other body it is a warning.
   */
  context: 'top' | 'build' | 'other';
  where: string;
  /** Set inside a plugin's body (at any depth): its required tags are advisory and its removed attributes known. */
  component?: ComponentSchema;
  /** Dotted path of this body inside the component's body, '' at its top. */
  componentPath?: string;
}

/** A top-level item's diagnostics, for the position its text started at. */
interface CheckedItem {
  origin: Position;
  diagnostics: Diagnostic[];
}

interface DocumentMemo {
  /** The directory's `source` blocks that builds override: they decide whether a source may omit required arguments. */
  overridden: string;
  items: Map<string, CheckedItem>;
}

/**
 * Documents whose per-item results are kept; a keystroke re-checks only the top-level item whose text changed. The
 * keys hold on to the texts (up to 4 MB each), so only the few most recently checked documents are remembered.
 */
const memos = new RecentDocuments<DocumentMemo>(8, 8 * 1024 * 1024);

function rememberedItems(uri: string, overridden: string, textLength: number): DocumentMemo {
  const memo = memos.get(uri);
  const fresh = memo && memo.overridden === overridden ? memo : { overridden, items: new Map<string, CheckedItem>() };
  memos.set(uri, fresh, textLength);
  return fresh;
}

/**
 * `installed`: the newest installed binary of each plugin, by name. With the directory's required_plugins, it tells
 * when the configuration runs another release than the one Bilder's schema comes from.
 */
export function schemaDiagnostics(
  document: TextDocument,
  tree: SyntaxTree,
  configuration: PackerConfiguration,
  installed: ReadonlyMap<string, InstalledPlugin> = new Map(),
): Diagnostic[] {
  const text = document.getText();
  const body = fileBody(tree);
  if (!body) return [];
  const overriddenSources = new Set<string>();
  for (const { item } of configuration.allSourceStrings()) if (item.context === 'source-block') overriddenSources.add(`${item.type}.${item.name}`);
  // required_plugins may sit in any file of the directory (often a plugins.pkr.hcl of its own).
  const required = configuration.files.flatMap((file) => (file.requiredPlugins ?? []).flatMap((block) => block.plugins));
  const releases: PluginReleaseContext = {
    constraintOf: (name) => required.find((entry) => pluginNameOfSource(entry.source) === name)?.version,
    installedVersionOf: (name) => installed.get(name)?.version,
  };
  const releaseKey = [...required.map((entry) => `${entry.source}@${entry.version ?? ''}`), ...[...installed.values()].map((plugin) => `${plugin.name}=${plugin.version}`)].sort().join(',');
  const memo = rememberedItems(document.uri, `${[...overriddenSources].sort().join('\n')}\n${releaseKey}`, text.length);
  const checked = new Map<string, CheckedItem>();
  const diagnostics: Diagnostic[] = [];
  // Attributes first, then blocks: the order the whole-body check has always reported in.
  for (const item of [...attributesOf(body), ...blocksOf(body)]) {
    const key = `${item.type}\u0000${text.slice(item.startIndex, item.endIndex)}`;
    const origin = document.positionAt(item.startIndex);
    let result = checked.get(key) ?? memo.items.get(key);
    if (result && (result.origin.line !== origin.line || result.origin.character !== origin.character)) {
      result = { origin, diagnostics: result.diagnostics.map((diagnostic) => relocated(diagnostic, result!.origin, origin)) };
    }
    result ??= { origin, diagnostics: checkTopLevelItem(document, text, body, item, overriddenSources, releases) };
    checked.set(key, result);
    diagnostics.push(...result.diagnostics);
  }
  memo.items = checked;
  return diagnostics;
}

/** The same diagnostic for text that started at `from` and now starts at `to`. */
function relocated(diagnostic: Diagnostic, from: Position, to: Position): Diagnostic {
  return { ...diagnostic, range: { start: movedPosition(diagnostic.range.start, from, to), end: movedPosition(diagnostic.range.end, from, to) } };
}

function checkTopLevelItem(
  document: TextDocument,
  text: string,
  body: SyntaxNode,
  item: SyntaxNode,
  overriddenSources: ReadonlySet<string>,
  releases: PluginReleaseContext,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  /** Information instead of a warning when the configuration runs another release of the plugin than our schema's. */
  const unknownInPlugin = (frame: BodyFrame, what: string, range: Range): Diagnostic | undefined => {
    const component = frame.component;
    if (!component || component.plugin === 'builtin' || !component.version) return undefined;
    const reason = otherReleaseReason(pluginNameOfSource(component.plugin), component.version, releases);
    return reason ? makeDiagnostic(notInKnownRelease, range, `${what} is not in ${pluginLabel(component)}'s schema, but ${reason}, which may have it.`) : undefined;
  };
  const rangeOf = (node: SyntaxNode): Range => ({ start: document.positionAt(node.startIndex), end: document.positionAt(node.endIndex) });
  const stack: BodyFrame[] = [
    { body, only: item, attributes: [], blocks: topLevelBlocks, context: 'top', where: 'at the top level of a Packer template' },
  ];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const attributes = frame.only ? (frame.only.type === 'attribute' ? [frame.only] : []) : attributesOf(frame.body);
    const blocks = frame.only ? (frame.only.type === 'block' ? [frame.only] : []) : blocksOf(frame.body);
    for (const attribute of attributes) {
      const name = attributeName(attribute);
      const known = frame.attributes.find((candidate) => candidate.name === name);
      const nameNode = firstChildOfType(attribute, 'identifier') ?? attribute;
      if (known) {
        if (known.deprecated) diagnostics.push(makeDiagnostic(deprecatedAttribute, rangeOf(nameNode), `"${name}" is deprecated: ${known.deprecated}`));
        continue;
      }
      const removal = frame.component && frame.componentPath === '' ? frame.component.removedAttributes?.[name] : undefined;
      if (removal) {
        diagnostics.push(makeDiagnostic(removedAttribute, rangeOf(nameNode), `"${name}" is no longer in ${pluginLabel(frame.component!)}: ${removal}`));
        continue;
      }
      diagnostics.push(
        unknownInPlugin(frame, `"${name}"`, rangeOf(nameNode)) ??
          makeDiagnostic(unknownAttribute, rangeOf(nameNode), `An argument named "${name}" is not expected ${frame.where}.`),
      );
    }
    for (const block of blocks) {
      const type = blockType(block);
      const typeNode = firstChildOfType(block, 'identifier') ?? block;
      const schema = frame.blocks[type];
      if (!schema) {
        if (type === DYNAMIC_BLOCK && frame.context === 'other') continue;
        const rule = frame.context === 'other' ? unknownAttribute : unknownBlock;
        diagnostics.push(
          unknownInPlugin(frame, `A "${type}" block`, rangeOf(typeNode)) ??
            makeDiagnostic(rule, rangeOf(typeNode), `Blocks of type "${type}" are not expected ${frame.where}.`),
        );
        continue;
      }
      const labels = blockLabelNodes(block);
      if (labels.length !== schema.labels.length) {
        const expected = schema.labels.length === 0 ? 'no labels' : `${schema.labels.length} label${schema.labels.length > 1 ? 's' : ''} (${schema.labels.join(', ')})`;
        const range = labels.length > 0 ? { start: rangeOf(labels[0]!).start, end: rangeOf(labels[labels.length - 1]!).end } : rangeOf(typeNode);
        diagnostics.push(makeDiagnostic(labelCount, range, `A "${type}" block takes ${expected}; this one has ${labels.length}.`));
        continue;
      }
      const inner = blockBody(block);
      const kind = frame.context === 'other' ? undefined : componentKindOfBlock[type];
      const headerRange = { start: rangeOf(typeNode).start, end: labels.length > 0 ? rangeOf(labels[labels.length - 1]!).end : rangeOf(typeNode).end };
      if (kind) {
        const label = labels[0] ? labelValue(labels[0], text) : '';
        // A build-level `source "amazon-ebs.name"` names its builder inside the label.
        const isBuildSource = frame.context === 'build' && kind === 'builder';
        const componentType = isBuildSource && kind === 'builder' ? buildSourceType(label) : label;
        const component = componentType ? findComponent(kind, componentType) : undefined;
        if (!component) continue;
        const extra = schema.attributes;
        const candidates = [...component.attributes, ...extra];
        if (inner) {
          stack.push({
            body: inner,
            attributes: candidates,
            blocks: component.blocks,
            context: 'other',
            where: `in a "${componentType}" ${type} block`,
            component,
            componentPath: '',
          });
        }
        const sourceKey = kind === 'builder' && !isBuildSource && labels[1] ? `${label}.${labelValue(labels[1], text)}` : undefined;
        const mayBeSupplied = isBuildSource || (sourceKey !== undefined && overriddenSources.has(sourceKey));
        if (!mayBeSupplied) {
          diagnostics.push(...missingAttributes(inner, component, headerRange, type, missingPluginAttribute));
          diagnostics.push(...missingAlternatives(inner, component, headerRange, type));
        }
        continue;
      }
      // Inside a plugin's body, `required` is the plugin's advisory tag (alternatives and defaults exist): information.
      const requiredRule = frame.component ? missingPluginAttribute : missingRequiredAttribute;
      if (!inner) {
        diagnostics.push(...missingAttributes(undefined, schema, headerRange, type, requiredRule));
        continue;
      }
      if (schema.open) continue;
      diagnostics.push(...missingAttributes(inner, schema, headerRange, type, requiredRule));
      stack.push({
        body: inner,
        attributes: schema.attributes,
        blocks: schema.blocks,
        context: schema.blocks === buildBlocks || (frame.context === 'build' && Object.keys(schema.blocks).some((nested) => componentKindOfBlock[nested])) ? 'build' : 'other',
        where: `in a "${type}" block`,
        ...(frame.component ? { component: frame.component, componentPath: `${frame.componentPath ? `${frame.componentPath}.` : ''}${type}` } : {}),
      });
    }
  }
  return diagnostics;
}

function buildSourceType(label: string): string | undefined {
  const reference = label.startsWith(SOURCE_REFERENCE_PREFIX) ? label.slice(SOURCE_REFERENCE_PREFIX.length) : label;
  const dot = reference.indexOf('.');
  return dot > 0 ? reference.slice(0, dot) : undefined;
}

/** Names set in a body: its attributes and nested block types; undefined when a `dynamic` block could be generating more. */
function presentNames(body: SyntaxNode | undefined): Set<string> | undefined {
  if (body && blocksOf(body).some((nested) => blockType(nested) === DYNAMIC_BLOCK)) return undefined;
  const present = new Set(attributesOf(body).map(attributeName));
  for (const nested of blocksOf(body)) present.add(blockType(nested));
  return present;
}

/** Required attributes and nested blocks absent from the body; silent when a `dynamic` block could be generating content. */
function missingAttributes(body: SyntaxNode | undefined, schema: Pick<ComponentSchema, 'attributes' | 'blocks'>, headerRange: Range, type: string, rule: Rule): Diagnostic[] {
  const required = [
    ...schema.attributes.filter((attribute) => attribute.required).map((attribute) => ({ name: attribute.name, what: 'argument' })),
    ...Object.entries(schema.blocks)
      .filter(([, block]) => (block as NestedBlockSchema).required)
      .map(([name]) => ({ name, what: 'block' })),
  ];
  if (required.length === 0) return [];
  const present = presentNames(body);
  if (!present) return [];
  return required
    .filter((entry) => !present.has(entry.name))
    .map((entry) =>
      makeDiagnostic(
        rule,
        headerRange,
        entry.what === 'argument'
          ? `The argument "${entry.name}" is required in a "${type}" block, but no definition was found.`
          : `A "${entry.name}" block is required in a "${type}" block, but none was found.`,
      ),
    );
}

/** Alternatives of which the plugin needs one (`source_ami` or `source_ami_filter`), none of them set. */
function missingAlternatives(body: SyntaxNode | undefined, component: ComponentSchema, headerRange: Range, type: string): Diagnostic[] {
  if (!component.requiredOneOf?.length) return [];
  const present = presentNames(body);
  if (!present) return [];
  return component.requiredOneOf
    .filter((group) => !group.some((name) => present.has(name)))
    .map((group) =>
      makeDiagnostic(missingPluginAttribute, headerRange, `One of ${group.map((name) => `"${name}"`).join(', ')} is required in a "${type}" block, but none was found.`),
    );
}

function pluginLabel(component: ComponentSchema): string {
  return component.plugin === 'builtin' ? `Packer ${component.version ?? ''}`.trim() : `${component.plugin}${component.version ? ` v${component.version}` : ''}`;
}
