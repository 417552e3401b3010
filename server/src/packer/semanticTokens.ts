// Semantic tokens that add meaning the TextMate grammar cannot see: which identifiers are declared variables, locals,
// functions, block keywords, and which references are undeclared (no token, so they keep the grammar's colour).
import type { Range, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { PackerConfiguration } from './configuration';
import type { PackerFileModel } from './model';

export const SEMANTIC_TOKEN_TYPES = ['variable', 'property', 'function', 'namespace', 'type', 'class', 'parameter'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;

export const semanticTokensLegend: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

type TokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
type TokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

interface Token {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

export function packerSemanticTokens(model: PackerFileModel, configuration: PackerConfiguration): SemanticTokens {
  const tokens: Token[] = [];
  const add = (range: Range, type: TokenType, modifiers: TokenModifier[] = []) => {
    // Tokens are single-line by protocol; multi-line ranges (never names) are skipped.
    if (range.start.line !== range.end.line || range.end.character <= range.start.character) return;
    tokens.push({
      line: range.start.line,
      character: range.start.character,
      length: range.end.character - range.start.character,
      type: SEMANTIC_TOKEN_TYPES.indexOf(type),
      modifiers: modifiers.reduce((mask, modifier) => mask | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(modifier)), 0),
    });
  };
  for (const variable of model.variables) add(variable.nameRange, 'variable', ['declaration', 'readonly']);
  for (const local of model.locals) add(local.nameRange, 'variable', ['declaration']);
  for (const source of model.sources) {
    add(source.typeRange, 'type');
    add(source.nameRange, 'class', ['declaration']);
  }
  for (const data of model.dataSources) {
    add(data.typeRange, 'type');
    add(data.nameRange, 'class', ['declaration']);
  }
  for (const step of model.builds.flatMap((build) => build.steps)) add(step.typeRange, 'type');
  for (const assignment of model.assignments) if (configuration.variables.has(assignment.name)) add(assignment.nameRange, 'variable', ['readonly']);
  for (const reference of model.references) {
    add(reference.rootRange, 'namespace', ['defaultLibrary']);
    const [first] = reference.parts;
    const firstRange = reference.partRanges[0];
    if (first === undefined || !firstRange) continue;
    if (reference.root === 'var' && configuration.variables.has(first)) add(firstRange, 'variable', ['readonly']);
    else if (reference.root === 'local' && configuration.locals.has(first)) add(firstRange, 'variable');
    else if (reference.root !== 'var' && reference.root !== 'local') add(firstRange, reference.root === 'data' ? 'type' : 'property');
    reference.partRanges.slice(1).forEach((range) => add(range, 'property'));
  }
  for (const call of model.functionCalls) add(call.nameRange, 'function', ['defaultLibrary']);

  tokens.sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  let lastEnd = { line: -1, character: -1 };
  for (const token of tokens) {
    // Overlapping tokens are not allowed; the first one at a position wins.
    if (token.line === lastEnd.line && token.character < lastEnd.character) continue;
    const deltaLine = token.line - previousLine;
    const deltaCharacter = deltaLine === 0 ? token.character - previousCharacter : token.character;
    data.push(deltaLine, deltaCharacter, token.length, token.type, token.modifiers);
    previousLine = token.line;
    previousCharacter = token.character;
    lastEnd = { line: token.line, character: token.character + token.length };
  }
  return { data };
}
