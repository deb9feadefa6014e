/**
 * Streams the elements of one JSON array out of a document of any size: the root array (path [])
 * or the array under a chain of object keys (`data.items`). Text arrives in chunks; each element's
 * text is cut at depth 0 and handed to JSON.parse, so memory holds one element plus one chunk.
 *
 * States: SEEK (walk objects, remembering the key of each level, until an array at the path) ->
 * ELEMENTS (cut elements at depth-0 commas) -> DONE (the closing bracket; the rest is ignored).
 * Strings are tracked in both states so brackets and commas inside them are not structure.
 */
import { StreamError } from './stream-error.js';

const enum M { Seek, Elements, Done }
const QUOTE = 34;
const BACKSLASH = 92;

/** `$.a.b`, `a.b`, `$`, `` -> key chain. */
export function parseJsonPath(path: string): string[] {
  let p = path.trim();
  if (p.startsWith('$')) p = p.slice(1);
  if (p.startsWith('.')) p = p.slice(1);
  return p === '' ? [] : p.split('.');
}

export class JsonArrayScanner {
  readonly #path: readonly string[];
  #mode = M.Seek;
  #inString = false;
  #escape = false;
  // SEEK state
  #stack: number[] = []; // char codes '{' / '['
  #keys: (string | null)[] = [];
  #expectKey = false;
  #keyRaw = '';
  #collectKey = false;
  // ELEMENTS state
  #depth = 0;
  #elem = '';
  /** Elements emitted so far. */
  count = 0;
  /** Characters consumed so far (for error offsets). */
  offset = 0;

  constructor(path: readonly string[]) {
    this.#path = path;
  }

  get done(): boolean { return this.#mode === M.Done; }

  push(text: string, out: unknown[]): void {
    let i = 0;
    const n = text.length;
    if (this.#mode === M.Seek) i = this.#seek(text, 0);
    if (this.#mode === M.Elements) this.#elements(text, i, out);
    this.offset += n;
  }

  finish(): void {
    if (this.#mode === M.Done) return;
    if (this.#mode === M.Seek) {
      const where = this.#path.length === 0 ? 'the document root' : `json_path '${this.#path.join('.')}'`;
      throw new StreamError('KeyError', 'not_found', `no JSON array found at ${where}`, { byteOffset: this.offset });
    }
    throw new StreamError('ValueError', 'bad_json', `unexpected end of JSON input inside the array (after element ${this.count})`, { byteOffset: this.offset, row: this.count + 1 });
  }

  #seek(text: string, from: number): number {
    const stack = this.#stack;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#inString) {
        if (this.#collectKey) this.#keyRaw += text[i];
        if (this.#escape) this.#escape = false;
        else if (c === BACKSLASH) this.#escape = true;
        else if (c === QUOTE) {
          this.#inString = false;
          if (this.#collectKey) {
            this.#keys[stack.length - 1] = JSON.parse(this.#keyRaw) as string;
            this.#collectKey = false;
          }
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          this.#inString = true;
          this.#collectKey = this.#expectKey;
          this.#keyRaw = this.#collectKey ? '"' : '';
          this.#expectKey = false;
          break;
        case 123: // {
          stack.push(c); this.#keys.push(null); this.#expectKey = true;
          break;
        case 91: // [
          if (this.#atPath()) { this.#mode = M.Elements; this.#depth = 0; this.#elem = ''; return i + 1; }
          stack.push(c); this.#keys.push(null);
          break;
        case 125: case 93: // } ]
          stack.pop(); this.#keys.pop();
          break;
        case 44: // ,
          this.#expectKey = stack[stack.length - 1] === 123;
          break;
        default:
      }
    }
    return text.length;
  }

  #atPath(): boolean {
    const p = this.#path;
    if (this.#stack.length !== p.length) return false;
    for (let k = 0; k < p.length; k++) if (this.#stack[k] !== 123 || this.#keys[k] !== p[k]) return false;
    return true;
  }

  #elements(text: string, from: number, out: unknown[]): void {
    let start = from;
    let depth = this.#depth;
    let inStr = this.#inString;
    let esc = this.#escape;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inStr) {
        if (esc) esc = false;
        else if (c === BACKSLASH) esc = true;
        else if (c === QUOTE) inStr = false;
        continue;
      }
      if (c === QUOTE) inStr = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || (c === 93 && depth > 0)) depth--;
      else if (depth === 0 && (c === 44 || c === 93)) {
        const raw = this.#elem === '' ? text.slice(start, i) : this.#elem + text.slice(start, i);
        this.#elem = '';
        start = i + 1;
        if (c === 93 && this.count === 0 && isWs(raw)) { this.#mode = M.Done; break; }
        this.#emit(raw, out, this.offset + i);
        if (c === 93) { this.#mode = M.Done; break; }
      }
    }
    if (this.#mode === M.Elements) this.#elem += text.slice(start);
    this.#depth = depth;
    this.#inString = inStr;
    this.#escape = esc;
  }

  #emit(raw: string, out: unknown[], at: number): void {
    try {
      out.push(JSON.parse(raw));
    } catch (e) {
      throw new StreamError('ValueError', 'bad_json', `invalid JSON in array element ${this.count + 1}: ${(e as Error).message}`, { byteOffset: at, row: this.count + 1 });
    }
    this.count++;
  }
}

function isWs(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
