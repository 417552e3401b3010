// Each document kind (Packer template, Packer variables, PyInfra Python) is served by one LanguageService. Handlers look
// the service up by the document's kind and call the method for their LSP feature; a missing method means "no result",
// so no handler ever branches on the kind itself.
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  CompletionItem,
  CompletionList,
  CompletionParams,
  Definition,
  DefinitionParams,
  Diagnostic,
  DocumentHighlight,
  DocumentHighlightParams,
  DocumentLink,
  DocumentLinkParams,
  DocumentSymbol,
  FoldingRange,
  Hover,
  HoverParams,
  InlayHint,
  InlayHintParams,
  Location,
  LocationLink,
  PrepareRenameParams,
  Range,
  ReferenceParams,
  RenameParams,
  SemanticTokens,
  SemanticTokensParams,
  SignatureHelp,
  SignatureHelpParams,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentKind } from '../analysis/languages';
import type { SyntaxTree } from '../parsing/treeSitter';
import type { FormatOutcome } from '../runner/format';
import type { FormatEngine } from '../settings';

type Result<T> = T | null | undefined | Promise<T | null | undefined>;

/** What a service sees of one open document at request time. The tree is only valid during the call. */
export interface DocumentSnapshot {
  document: TextDocument;
  kind: DocumentKind;
  tree: SyntaxTree | undefined;
}

export interface LanguageService {
  /** Extra diagnostics for an open document beyond syntax (schema, references, PyInfra…). */
  diagnose?(snapshot: DocumentSnapshot): Diagnostic[];
  completion?(snapshot: DocumentSnapshot, params: CompletionParams, token: CancellationToken): Result<CompletionItem[] | CompletionList>;
  completionResolve?(item: CompletionItem): Result<CompletionItem>;
  hover?(snapshot: DocumentSnapshot, params: HoverParams): Result<Hover>;
  signatureHelp?(snapshot: DocumentSnapshot, params: SignatureHelpParams): Result<SignatureHelp>;
  definition?(snapshot: DocumentSnapshot, params: DefinitionParams): Result<Definition | LocationLink[]>;
  references?(snapshot: DocumentSnapshot, params: ReferenceParams): Result<Location[]>;
  prepareRename?(snapshot: DocumentSnapshot, params: PrepareRenameParams): Result<Range | { range: Range; placeholder: string }>;
  rename?(snapshot: DocumentSnapshot, params: RenameParams): Result<WorkspaceEdit>;
  documentHighlight?(snapshot: DocumentSnapshot, params: DocumentHighlightParams): Result<DocumentHighlight[]>;
  documentLinks?(snapshot: DocumentSnapshot, params: DocumentLinkParams): Result<DocumentLink[]>;
  semanticTokens?(snapshot: DocumentSnapshot, params: SemanticTokensParams): Result<SemanticTokens>;
  codeActions?(snapshot: DocumentSnapshot, params: CodeActionParams): Result<CodeAction[]>;
  inlayHints?(snapshot: DocumentSnapshot, params: InlayHintParams): Result<InlayHint[]>;
  codeLenses?(snapshot: DocumentSnapshot, params: CodeLensParams): Result<CodeLens[]>;
  documentSymbols?(snapshot: DocumentSnapshot): Result<DocumentSymbol[]>;
  foldingRanges?(snapshot: DocumentSnapshot): Result<FoldingRange[]>;
  /** Declarations across the whole workspace, not one document. */
  workspaceSymbols?(query: string): Result<SymbolInformation[]>;
  /** Edits that format the document with the chosen engine; `edits` is null when it was not formatted (see outcome). */
  format?(snapshot: DocumentSnapshot, engine: FormatEngine, signal?: AbortSignal): Promise<DocumentFormatting>;
  /** The file was saved: what is on disk now matches the buffer (packer validate reads the disk). */
  saved?(uri: string): void;
}

export interface DocumentFormatting {
  edits: TextEdit[] | null;
  outcome: FormatOutcome | { kind: 'skipped'; reason: string };
}

export type LanguageServices = Partial<Record<DocumentKind, LanguageService>>;
