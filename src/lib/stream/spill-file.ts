/**
 * Spill files: rows written as NDJSON to a temp file and read back in order, a 64 KiB read at a
 * time (the merge of a sort holds one buffered slice per run, not the run).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './line-splitter.js';

const READ_BYTES = 64 * 1024;

export class SpillWriter {
  readonly path: string;
  rows = 0;
  #ws: WriteStream;

  constructor(path: string) {
    this.path = path;
    this.#ws = createWriteStream(path, { highWaterMark: 256 * 1024 });
    this.#ws.on('error', () => undefined); // surfaced by close()
  }

  async write(rows: readonly unknown[]): Promise<void> {
    let s = '';
    for (let i = 0; i < rows.length; i++) s += JSON.stringify(rows[i]) + '\n';
    this.rows += rows.length;
    if (!this.#ws.write(s)) await once(this.#ws, 'drain');
  }

  async close(): Promise<void> {
    if (this.#ws.closed) return;
    this.#ws.end();
    await once(this.#ws, 'close');
  }

  /** Drop buffered rows and close the descriptor (error paths). */
  destroy(): void {
    this.#ws.destroy();
  }
}

export class SpillReader {
  #fh: FileHandle | null = null;
  #buf = Buffer.allocUnsafe(READ_BYTES);
  #dec = new StringDecoder('utf8');
  #split = new LineSplitter();
  #lines: string[] = [];
  #head = 0;
  #eof = false;

  constructor(readonly path: string) {}

  /** Next row, or undefined at the end. */
  async next(): Promise<unknown> {
    while (this.#head >= this.#lines.length) {
      if (this.#eof) return undefined;
      this.#lines.length = 0;
      this.#head = 0;
      this.#fh ??= await open(this.path, 'r');
      const { bytesRead } = await this.#fh.read(this.#buf, 0, READ_BYTES, null);
      if (bytesRead === 0) {
        this.#eof = true;
        this.#split.push(this.#dec.end(), this.#lines, true);
        this.#split.finish(this.#lines, true);
        await this.close();
      } else {
        this.#split.push(this.#dec.write(this.#buf.subarray(0, bytesRead)), this.#lines, true);
      }
    }
    return JSON.parse(this.#lines[this.#head++]!);
  }

  async close(): Promise<void> {
    const fh = this.#fh;
    this.#fh = null;
    if (fh !== null) await fh.close();
  }
}
