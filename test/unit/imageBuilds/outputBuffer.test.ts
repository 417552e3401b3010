// The output view's model: ANSI colours → plain text and spans, server line numbers → view lines, bounded size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnsi } from '../../../client/src/imageBuilds/ansi';
import { BuildOutputBuffer } from '../../../client/src/imageBuilds/outputBuffer';
import { colourLine, stripAnsi } from '../../../server/src/imageBuilds/ansi';

describe('build output colours', () => {
  it('colours PyInfra lines by meaning and keeps the text exactly', () => {
    const lines: [string, 'say' | 'message' | 'error'][] = [
      ['==> null.demo: --> Starting operation: Say hello', 'error'],
      ['==> null.demo:     [@local] Success', 'error'],
      ['==> null.demo:     [@local] Error: executed 1 commands', 'error'],
      ['==> null.demo: --> pyinfra error: No hosts remaining!', 'error'],
      ["Build 'null.demo' finished after 3 seconds 25 milliseconds.", 'say'],
      ['==> null.demo:', 'error'],
    ];
    for (const [line, level] of lines) assert.equal(stripAnsi(colourLine(line, level)), line);
    const spans = (line: string, level: 'say' | 'message' | 'error') => parseAnsi(colourLine(line, level)).spans;
    assert.equal(spans(...lines[0]!).at(-1)?.colour, 'blue');
    assert.equal(spans(...lines[1]!).at(-1)?.colour, 'green');
    assert.equal(spans(...lines[2]!).at(-1)?.colour, 'red');
    assert.deepEqual(spans(...lines[3]!).at(-1), { start: 15, end: 53, colour: 'red', bold: true });
    assert.equal(spans('==> null.demo:     [@local] about to fail', 'error').length, 1, 'plain PyInfra output is not red: only its prefix is coloured');
  });

  it('parses SGR sequences into spans over the plain text', () => {
    assert.deepEqual(parseAnsi('\x1b[1;31m==> x: boom\x1b[0m tail'), { text: '==> x: boom tail', spans: [{ start: 0, end: 11, colour: 'red', bold: true }] });
    assert.deepEqual(parseAnsi('plain'), { text: 'plain', spans: [] });
    assert.deepEqual(parseAnsi('a\x1b[32mb\x1b[39mc\x1b[2Kd'), { text: 'abcd', spans: [{ start: 1, end: 2, colour: 'green' }] });
  });
});

describe('build output buffer', () => {
  it('maps the server’s line numbers to view lines, across left-out lines', () => {
    const buffer = new BuildOutputBuffer();
    buffer.append(['a0', 'a1', 'a2'], 0);
    buffer.append(['b3', 'b4'], 3, 10);
    buffer.append(['c15'], 15);
    assert.equal(buffer.text(), ['a0', 'a1', 'a2', 'b3', 'b4', '… 10 lines not shown here (output faster than a view can follow): Open Log has them all', 'c15'].join('\n'));
    assert.deepEqual([0, 2, 4, 9, 15].map((line) => buffer.viewLine(line)), [0, 2, 4, 5, 6]);
  });

  it('stays bounded, says so, and forgets the lines it dropped', () => {
    const buffer = new BuildOutputBuffer(100);
    for (let line = 0; line < 1000; line += 10) buffer.append(Array.from({ length: 10 }, (_, index) => `\x1b[32mline ${line + index}\x1b[0m`), line);
    assert.ok(buffer.lineCount <= 101);
    const text = buffer.text().split('\n');
    assert.match(text[0]!, /^… \d+ earlier lines are only in the log file/);
    assert.equal(text.at(-1), 'line 999');
    assert.equal(buffer.viewLine(0), undefined);
    assert.equal(text[buffer.viewLine(990)!], 'line 990');
    const styled = [...buffer.styledRanges()];
    assert.equal(styled.length, buffer.lineCount - 1);
    assert.equal(styled[0]!.line, 1, 'spans shift below the header line');
    assert.equal(buffer.takeChanged(), true);
    assert.equal(buffer.takeChanged(), false);
  });
});
