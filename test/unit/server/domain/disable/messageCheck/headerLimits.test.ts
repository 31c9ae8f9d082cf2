import { describe, expect, it } from 'vitest';
import {
  assertWithinHeaderLimits,
  HEADER_LIMITS,
  measureHeaderSection,
  type HeaderLimits,
} from '../../../../../../src-server/domain/disable/messageCheck/headerLimits.js';
import { DeskProblem } from '../../../../../../src-server/domain/platform/problems.js';

const small: HeaderLimits = { maxLines: 5, maxBytes: 100 };

function message(headerLines: string[], body = 'Hello.\r\n', eol = '\r\n'): Buffer {
  return Buffer.from(`${headerLines.join(eol)}${eol}${eol}${body}`);
}

function refusal(raw: Buffer, limits: HeaderLimits): unknown {
  try {
    assertWithinHeaderLimits(raw, limits);
    return null;
  } catch (error) {
    return error;
  }
}

describe('measuring the header section before anything parses it', () => {
  it('counts the header lines and bytes of an ordinary message, not its body', () => {
    const headers = ['From: Alice <alice@corp.example>', 'To: support@desk.example', 'Subject: Hi'];
    const raw = message(headers, 'line\r\n'.repeat(100_000));
    expect(measureHeaderSection(raw)).toEqual({ within: true, lines: 3, bytes: headers.join('\r\n').length + 2 });
  });

  it('counts folded continuation lines as lines', () => {
    const raw = message(['From: a@b.example', 'Subject: one', ' two', '\tthree']);
    expect(measureHeaderSection(raw)).toMatchObject({ within: true, lines: 4 });
  });

  it('allows exactly the line limit and refuses one line more', () => {
    const lines = (n: number) => ['From: a@b.example', ...Array.from({ length: n - 1 }, () => ' x')];
    expect(measureHeaderSection(message(lines(5)), small)).toMatchObject({ within: true, lines: 5 });
    expect(measureHeaderSection(message(lines(6)), small)).toEqual({ within: false, exceeded: 'lines' });
  });

  it('allows exactly the byte limit and refuses one byte more', () => {
    const header = (bytes: number) => `From: ${'a'.repeat(bytes - 'From: '.length - 2)}`;
    expect(measureHeaderSection(message([header(100)]), small)).toMatchObject({ within: true, bytes: 100 });
    expect(measureHeaderSection(message([header(101)]), small)).toEqual({ within: false, exceeded: 'bytes' });
  });

  it('reads bare LF line ends as the parser does', () => {
    const raw = message(['From: a@b.example', 'Subject: one', ' two'], 'body\n', '\n');
    expect(measureHeaderSection(raw)).toEqual({ within: true, lines: 3, bytes: 'From: a@b.example\nSubject: one\n two\n'.length });
  });

  it('treats input without an empty line as all header, as the parser does', () => {
    const unended = 'From: a@b.example\r\nSubject: x';
    expect(measureHeaderSection(Buffer.from(unended))).toEqual({ within: true, lines: 2, bytes: unended.length });
    expect(measureHeaderSection(Buffer.from('x'.repeat(101)), small)).toEqual({ within: false, exceeded: 'bytes' });
  });

  it('refuses 40,000 folded lines and a 300 KiB header under the default limits', () => {
    const folded = message(['X-Filler: start', ...Array.from({ length: 40_000 }, (_, i) => ` fold ${i}`), 'From: a@b.example']);
    expect(measureHeaderSection(folded)).toEqual({ within: false, exceeded: 'lines' });
    const wide = message(['From: a@b.example', ...Array.from({ length: 100 }, () => `X-Wide: ${'w'.repeat(3000)}`)]);
    expect(measureHeaderSection(wide)).toEqual({ within: false, exceeded: 'bytes' });
    expect(HEADER_LIMITS).toEqual({ maxLines: 1000, maxBytes: 256 * 1024 });
  });
});

describe('refusing a message past the limits', () => {
  it('is a 422 message_too_complex that names the limit in words', () => {
    const tooManyLines = refusal(message(['From: a@b.example', ...Array.from({ length: 9 }, () => ' x')]), small);
    expect(tooManyLines).toBeInstanceOf(DeskProblem);
    expect(tooManyLines).toMatchObject({
      status: 422,
      code: 'message_too_complex',
      message: expect.stringContaining('more than 5 header lines'),
    });
    const tooWide = refusal(message([`From: ${'a'.repeat(2000)}`]), { maxLines: 5, maxBytes: 1024 });
    expect(tooWide).toMatchObject({
      status: 422,
      code: 'message_too_complex',
      message: expect.stringContaining('more than 1 KiB of headers'),
    });
  });

  it('lets a message within the limits through', () => {
    expect(refusal(message(['From: a@b.example', 'Subject: x']), small)).toBeNull();
  });
});
