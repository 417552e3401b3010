// Each document kind (Packer template, Packer variables, PyInfra Python) is served by one LanguageService. Handlers look
// the service up by the document's kind and call the method for their LSP feature; a missing method means "no result".
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
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
  Hover,
  HoverParams,
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
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentKind } from '../analysis/languages';
import type { SyntaxTree } from '../parsing/treeSitter';

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
}

export type LanguageServices = Partial<Record<DocumentKind, LanguageService>>;
