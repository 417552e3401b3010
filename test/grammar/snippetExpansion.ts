// Expands a VS Code snippet body the way accepting every default would: placeholders become their default text,
// choices their first option, tab stops and unknown variables nothing. Escapes (\$ \} \\) become the literal character.

export interface SnippetDefinition {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

export function snippetBodyText(snippet: SnippetDefinition): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

/** Throws on malformed syntax (an unclosed `${`), which VS Code would insert verbatim. */
export function expandSnippet(body: string): string {
  // One output buffer per open `${N:` placeholder; nested placeholders use an explicit stack, not recursion.
  const buffers: string[] = [''];
  const append = (text: string) => {
    buffers[buffers.length - 1] += text;
  };
  let index = 0;
  while (index < body.length) {
    const char = body[index]!;
    const next = body[index + 1];
    if (char === '\\' && next !== undefined && '$}\\'.includes(next)) {
      append(next);
      index += 2;
      continue;
    }
    if (char === '}' && buffers.length > 1) {
      const placeholder = buffers.pop()!;
      append(placeholder);
      index += 1;
      continue;
    }
    if (char !== '$') {
      append(char);
      index += 1;
      continue;
    }
    const rest = body.slice(index);
    const tabStop = /^\$(\d+|[A-Za-z_]\w*)/.exec(rest);
    if (tabStop) {
      index += tabStop[0].length;
      continue;
    }
    const choice = /^\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/.exec(rest);
    if (choice) {
      append(choice[1]!.split(/(?<!\\),/)[0]!.replace(/\\(.)/g, '$1'));
      index += choice[0].length;
      continue;
    }
    const empty = /^\$\{(\d+|[A-Za-z_]\w*)\}/.exec(rest);
    if (empty) {
      index += empty[0].length;
      continue;
    }
    const withDefault = /^\$\{(\d+|[A-Za-z_]\w*):/.exec(rest);
    if (withDefault) {
      buffers.push('');
      index += withDefault[0].length;
      continue;
    }
    append(char);
    index += 1;
  }
  if (buffers.length !== 1) throw new Error(`unclosed placeholder in snippet body: ${body}`);
  return buffers[0]!;
}
