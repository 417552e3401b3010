// What a quick fix sees and what it answers. A fix plans raw edits; quickFixes/index.ts turns plans into code actions,
// keeps a formatted file formatted, and merges plans for "fix all of this kind".
import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormatResult } from '../../hcl/format';
import type { SyntaxTree } from '../../parsing/treeSitter';
import type { PackerConfiguration } from '../configuration';
import type { PackerFileModel } from '../model';

export interface QuickFixContext {
  document: TextDocument;
  tree: SyntaxTree;
  model: PackerFileModel;
  configuration: PackerConfiguration;
  /** The text of a file of the directory as Bilder sees it: the open buffer, else the file on disk. */
  textOf(uri: string): Promise<string | undefined>;
  /** `packer fmt` of a whole file (the native formatter). */
  format(text: string): FormatResult;
}

/** Raw edits of one fix, by file URI, before formatting. */
export interface FixPlan {
  title: string;
  edits: Map<string, TextEdit[]>;
  /** What the plan creates, when two diagnostics can plan the same thing (two uses of one undeclared variable). */
  key?: string;
}

export interface QuickFix {
  /** The diagnostic codes this fix answers. */
  codes: readonly string[];
  /** Title of the action that applies this fix to every diagnostic of its codes in the file; none when one at a time is right. */
  fixAllTitle?: string;
  /** False for fixes that delete what the user wrote: the editor must not apply them by itself ("auto fix"). */
  preferred?: boolean;
  /** The fix for one diagnostic, or undefined when none applies (e.g. no single clearly-closest name). */
  plan(diagnostic: Diagnostic, context: QuickFixContext): FixPlan | undefined | Promise<FixPlan | undefined>;
}

export function singleFilePlan(title: string, uri: string, edits: TextEdit[]): FixPlan {
  return { title, edits: new Map([[uri, edits]]) };
}
