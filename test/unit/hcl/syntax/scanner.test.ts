// The scanner's fast paths (runs of literal text, ASCII identifiers) must split text exactly as the one-character
// loop did: literal runs stop at every character that can start an escape, interpolation, newline or quote.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanTokens } from '../../../../server/src/hcl/syntax/scanner';

const tokens = (text: string) => scanTokens(text, { doubleColon: true }).map((token) => `${token.type}:${text.slice(token.start, token.end)}`);

describe('scanTokens', () => {
  it('keeps escapes, doubled template markers and interpolations apart inside quoted strings', () => {
    const text = 'x = "a\\"b$${c}%%{d}${e}\\u00e9 f\\r"\n';
    assert.deepEqual(tokens(text), [
      'Ident:x', '=:=', 'OQuote:"', 'QuotedLit:a\\"b$${c}%%{d}', 'TemplateInterp:${', 'Ident:e', 'TemplateSeqEnd:}',
      'QuotedLit:\\u00e9 f\\r', 'CQuote:"', 'Newline:\n', 'EOF:',
    ]);
  });

  it('finds a heredoc closer only at the start of a line, after literal runs with interpolations and CRLF', () => {
    const text = 'h = <<-EOT\n  a ${b} $${c}\r\n  EOT\n';
    assert.deepEqual(tokens(text), [
      'Ident:h', '=:=', 'OHeredoc:<<-EOT\n', 'StringLit:  a ', 'TemplateInterp:${', 'Ident:b', 'TemplateSeqEnd:}',
      'StringLit: $${c}\r\n', 'CHeredoc:  EOT', 'Newline:\n', 'EOF:',
    ]);
  });

  it('reads identifiers that continue past ASCII, and a bare CR inside a string as a line break, as hclsyntax does', () => {
    assert.deepEqual(tokens('aé_1-b = café\n'), ['Ident:aé_1-b', '=:=', 'Ident:café', 'Newline:\n', 'EOF:']);
    assert.deepEqual(tokens('r = "\r x"'), ['Ident:r', '=:=', 'OQuote:"', 'QuotedNewline:\r', 'QuotedLit: x', 'CQuote:"', 'EOF:']);
  });
});
