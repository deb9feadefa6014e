/**
 * The kernel table: kernel id -> pure function. Imported by the main thread (inline runs) and by
 * workers/kernel-worker.ts (pool runs), so a kernel behaves the same on both sides. Ids are
 * `<family>.<name>`; adding a kernel = one line here.
 */
import { crashKernel, echoBytesKernel, exhaustHeapKernel, noopKernel, spinKernel } from './diagnostic-kernels.js';
import { fuzzyPairsKernel, fuzzyScoresKernel } from '../nodes/fuzzy/fuzzy-kernels.js';
import { regexKernel } from '../nodes/regex-guard/regex-kernel.js';
import { transformKernel } from '../nodes/transform/transform-kernel.js';
import { batchMapKernel } from '../nodes/batch/batch-map-kernel.js';
import { encodeNdjsonKernel } from '../nodes/batch/batch-encode-kernel.js';
import { regexExtractKernel, regexMatchKernel, regexReplaceKernel } from '../nodes/string/regex-kernels.js';
import { zipPackKernel, zipUnpackKernel } from '../nodes/zip/zip-kernels.js';
import { compareImagesKernel } from '../nodes/image/compare-kernel.js';
import { pdfExtractKernel, pdfMergeKernel, pdfSplitKernel, pdfTextKernel } from '../nodes/pdf/pdf-kernels.js';
import { jsonToXmlKernel, xmlToJsonKernel, xpathQueryKernel } from '../nodes/xml/xml-kernels.js';

// Inputs are `any` at this boundary: each kernel declares its own input type and callers go
// through typed wrappers (runKernel's generic, the node modules), never through the table directly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Kernel = (input: any) => unknown;

export const KERNELS: Readonly<Record<string, Kernel>> = Object.freeze({
  'fuzzy.scores': fuzzyScoresKernel,
  'fuzzy.pairs': fuzzyPairsKernel,
  'regex.run': regexKernel,
  // The string nodes' regex kernels take positional arguments; tasks carry them as an array.
  'string.regexMatch': (a: Parameters<typeof regexMatchKernel>) => regexMatchKernel(...a),
  'string.regexReplace': (a: Parameters<typeof regexReplaceKernel>) => regexReplaceKernel(...a),
  'string.regexExtract': (a: Parameters<typeof regexExtractKernel>) => regexExtractKernel(...a),
  'transform.run': transformKernel,
  'batch.map': batchMapKernel,
  'batch.encodeNdjson': encodeNdjsonKernel,
  'zip.pack': zipPackKernel,
  'zip.unpack': zipUnpackKernel,
  'image.compare': compareImagesKernel,
  'pdf.text': pdfTextKernel,
  'pdf.merge': pdfMergeKernel,
  'pdf.extract': pdfExtractKernel,
  'pdf.split': pdfSplitKernel,
  'xml.xpath': xpathQueryKernel,
  'xml.toJson': xmlToJsonKernel,
  'xml.fromJson': jsonToXmlKernel,
  'diag.noop': noopKernel,
  'diag.spin': spinKernel,
  'diag.crash': crashKernel,
  'diag.exhaustHeap': exhaustHeapKernel,
  'diag.echoBytes': echoBytesKernel,
});

export type KernelId = keyof typeof KERNELS & string;

export function getKernel(id: string): Kernel | undefined {
  return Object.prototype.hasOwnProperty.call(KERNELS, id) ? KERNELS[id] : undefined;
}
