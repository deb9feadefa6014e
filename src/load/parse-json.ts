/**
 * JSON text -> value, with a failure located by line and column. JSON.parse does the work (it is
 * faster than simdjson's full parse, notes/packages.md, and V8's parser is iterative, so deep
 * nesting does not overflow the stack). V8 reports some failures by position and others only with
 * a snippet ("Unexpected token 'x', ..."); for those a small scanner finds the offset, on the error
 * path only.
 */
import { CasareError } from '../errors.js';
import { findJsonErrorOffset } from './json-error-offset.js';

const POSITION_RE = /at position (\d+)/;

export function parseJson(text: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!(cause instanceof SyntaxError)) {
      // RangeError (e.g. out of memory for a string) is not a syntax problem of the file.
      throw new CasareError('CASARE_E_LOAD_BAD_JSON', `workflow JSON could not be parsed: ${(cause as Error).message}`,
        { where: file === undefined ? {} : { file }, cause });
    }
    const m = POSITION_RE.exec(cause.message);
    let offset = m ? Number(m[1]) : /Unexpected end of JSON input/.test(cause.message) ? text.length : -1;
    if (offset < 0) offset = findJsonErrorOffset(text);
    const { line, column } = lineColumn(text, offset);
    const reason = cause.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new CasareError('CASARE_E_LOAD_BAD_JSON', `invalid JSON at line ${line} column ${column}: ${reason}`, {
      where: { ...(file !== undefined && { file }), line, column, offset },
      cause,
    });
  }
}

/** 1-based line and column (in UTF-16 units) of a text offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
