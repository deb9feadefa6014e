/**
 * Splits streamed text into lines (LF or CRLF; a final line without a newline counts). Only a line
 * split across chunks is carried between calls.
 */
export class LineSplitter {
  #carry = '';
  /** Lines emitted so far, blank ones included (1-based number of the last one). */
  line = 0;

  /** Append the complete lines of `text` to `out` (CR before LF removed). */
  push(text: string, out: string[], skipBlank = false): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let s = start === 0 && this.#carry !== '' ? this.#carry + text.slice(0, nl) : text.slice(start, nl);
      if (start === 0) this.#carry = '';
      if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
      this.line++;
      if (!skipBlank || !isBlank(s)) out.push(s);
      start = nl + 1;
    }
    if (start < text.length) this.#carry = start === 0 ? this.#carry + text : text.slice(start);
  }

  /** End of input: the last line if it had no newline. */
  finish(out: string[], skipBlank = false): void {
    let s = this.#carry;
    this.#carry = '';
    if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    if (s.length === 0) return;
    this.line++;
    if (!skipBlank || !isBlank(s)) out.push(s);
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
