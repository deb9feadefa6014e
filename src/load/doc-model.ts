/**
 * The loaded document's node and connection records. Pointers are computed when asked for: only
 * error reports and tools read them, and building 20k pointer strings per 10k-node load was a
 * visible share of load time.
 */
import { escapePointer } from './pointer.js';
import type { ConnectionDoc, NodeDoc } from './types.js';

export class FileNode implements NodeDoc {
  constructor(
    readonly id: string,
    readonly type: string,
    readonly fileType: string,
    readonly config: Readonly<Record<string, unknown>>,
    readonly hidden: boolean,
  ) {}

  get pointer(): string {
    return this.hidden ? '' : `/nodes/${escapePointer(this.id)}`;
  }
}

export class FileConnection implements ConnectionDoc {
  constructor(
    readonly source: string,
    readonly sourcePort: string,
    readonly target: string,
    readonly targetPort: string,
    /** Index in the file's `connections`; -1 for an edge the loader added (auto-start). */
    readonly fileIndex: number,
  ) {}

  get pointer(): string {
    return this.fileIndex < 0 ? '' : `/connections/${this.fileIndex}`;
  }
}
