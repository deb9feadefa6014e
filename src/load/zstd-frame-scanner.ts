/**
 * Walks the frame structure of a Zstandard stream (RFC 8878 §3.1) chunk by chunk, without
 * decompressing, to tell a complete stream from a truncated one: the zstd-codec stream transform
 * (Node 20's only zstd) ends quietly with partial output on a cut-off file.
 *
 * States: MAGIC (4 bytes: zstd or skippable frame) -> DESCRIPTOR (1 byte) -> SKIP (rest of the
 * frame header) -> BLOCK (3-byte block header) -> SKIP (block body) -> BLOCK ... -> after the last
 * block SKIP (4-byte checksum, when flagged) -> MAGIC. A skippable frame: MAGIC -> SKIP_SIZE
 * (4 bytes) -> SKIP (its body) -> MAGIC. A stream is complete when it ends in MAGIC with no
 * partial header bytes and at least one frame was seen.
 */

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

enum State { Magic, Descriptor, Block, SkipSize, Skip }

export interface ZstdScanFailure {
  readonly message: string;
  /** Byte offset in the stored stream where the problem was detected. */
  readonly offset: number;
}

export class ZstdFrameScanner {
  #state: State = State.Magic;
  /** Bytes of the current fixed-size header collected so far. */
  #hdr: number[] = [];
  #skip = 0;
  #afterSkip: State = State.Magic;
  #checksum = false;
  #offset = 0;
  #frames = 0;
  #failure: ZstdScanFailure | null = null;

  get failure(): ZstdScanFailure | null {
    return this.#failure;
  }

  push(chunk: Uint8Array): void {
    if (this.#failure) return;
    const len = chunk.length;
    let i = 0;
    while (i < len) {
      if (this.#state === State.Skip) {
        const n = Math.min(this.#skip, len - i);
        this.#skip -= n;
        i += n;
        if (this.#skip === 0) this.#state = this.#afterSkip;
        continue;
      }
      this.#hdr.push(chunk[i]!);
      i++;
      if (!this.#headerComplete(this.#offset + i)) continue;
      if (this.#failure) return;
    }
    this.#offset += len;
  }

  /** Call after the last chunk: null when the stream is complete. */
  finish(): ZstdScanFailure | null {
    if (this.#failure) return this.#failure;
    if (this.#state !== State.Magic || this.#hdr.length > 0 || this.#frames === 0) {
      this.#failure = { message: 'zstd stream is truncated (unexpected end of input)', offset: this.#offset };
    }
    return this.#failure;
  }

  #fail(message: string, offset: number): true {
    this.#failure = { message, offset };
    return true;
  }

  /** Consumes a completed fixed-size header; returns false while more header bytes are needed. */
  #headerComplete(offset: number): boolean {
    const h = this.#hdr;
    switch (this.#state) {
      case State.Magic: {
        if (h.length < 4) return false;
        const magic = (h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)) >>> 0;
        h.length = 0;
        if (magic === ZSTD_MAGIC) {
          this.#state = State.Descriptor;
        } else if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
          this.#state = State.SkipSize;
        } else {
          return this.#fail(`zstd stream has an unknown frame magic number 0x${magic.toString(16)}`, offset - 4);
        }
        return true;
      }
      case State.Descriptor: {
        const d = h[0]!;
        h.length = 0;
        if (d & 0x08) return this.#fail('zstd frame header has the reserved bit set', offset - 1);
        const single = (d >> 5) & 1;
        this.#checksum = ((d >> 2) & 1) === 1;
        const fcsFlag = d >> 6;
        const rest = (single ? 0 : 1) + DICT_ID_BYTES[d & 3]! + (fcsFlag === 0 ? single : FCS_BYTES[fcsFlag]!);
        this.#frames++;
        this.#skipThen(rest, State.Block);
        return true;
      }
      case State.Block: {
        if (h.length < 3) return false;
        const header = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        h.length = 0;
        const last = (header & 1) === 1;
        const type = (header >> 1) & 3;
        if (type === 3) return this.#fail('zstd block has the reserved block type', offset - 3);
        const body = type === 1 ? 1 : header >>> 3;
        if (last) {
          this.#skipThen(body + (this.#checksum ? 4 : 0), State.Magic);
        } else {
          this.#skipThen(body, State.Block);
        }
        return true;
      }
      case State.SkipSize: {
        if (h.length < 4) return false;
        const size = (h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)) >>> 0;
        h.length = 0;
        this.#frames++;
        this.#skipThen(size, State.Magic);
        return true;
      }
      default:
        return true;
    }
  }

  #skipThen(n: number, next: State): void {
    if (n === 0) {
      this.#state = next;
    } else {
      this.#skip = n;
      this.#afterSkip = next;
      this.#state = State.Skip;
    }
  }
}
