/** StructuredDataSuperNode (nodes.md §17.10): CSV and JSON actions; archive/image actions come later. */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { requirePorts } from './require-ports.js';
import { readCsvAction, readJsonAction, writeCsvAction, writeJsonAction } from './structured-data.js';
import { unzipFilesAction, zipFilesAction } from '../zip/zip-actions.js';
import { imageConvertAction } from '../image/image-convert.js';

interface ActionDef { readonly required: readonly string[]; readonly run: ((ctx: NodeContext) => Promise<void>) | null }

const ACTIONS: ReadonlyMap<string, ActionDef> = new Map<string, ActionDef>([
  ['Read CSV', { required: ['file_path'], run: (ctx) => readCsvAction(ctx) }],
  ['Write CSV', { required: ['file_path', 'data', 'headers'], run: (ctx) => writeCsvAction(ctx, { emptyHeadersMeanKeys: true }) }],
  ['Read JSON', { required: ['file_path'], run: readJsonAction }],
  ['Write JSON', { required: ['file_path', 'data'], run: (ctx) => writeJsonAction(ctx) }],
  ['Zip Files', { required: ['zip_path', 'source_path', 'files'], run: (ctx) => zipFilesAction(ctx) }],
  ['Unzip Files', { required: ['zip_path', 'extract_to'], run: unzipFilesAction }],
  ['Image Convert', { required: ['source_path'], run: imageConvertAction }],
]);

export const structuredDataSuperNode: NodeSpec = defineNode({
  type: 'StructuredDataSuperNode',
  category: 'file',
  inputs: ['file_path', 'data', 'headers', 'zip_path', 'source_path', 'files', 'extract_to', 'output_path'],
  outputs: ['data', 'headers', 'row_count', 'success', 'file_path', 'zip_path', 'file_count', 'extract_to', 'files', 'output_path', 'format'],
  config: {
    action: 'Read CSV', delimiter: ',', has_header: true, encoding: 'utf-8', skip_rows: 0, max_rows: 0,
    write_header: true, indent: 2, ensure_ascii: false, compression: 'ZIP_DEFLATED', base_dir: '',
    output_format: 'JPEG', quality: 85, scale_percent: '100%', overwrite: false, recursive: false,
    allow_dangerous_paths: false,
  },
  cost: 'io',
  resources: ['file'],
  pathKeys: ['file_path', 'zip_path', 'source_path', 'extract_to', 'output_path'],
  async run(ctx) {
    const action = pyStr(ctx.param('action') ?? 'Read CSV');
    const def = ACTIONS.get(action);
    if (def === undefined) {
      requirePorts(ctx, ['file_path']);
      throw new NodeFailure(`Unknown action: ${action}`, 'ValueError');
    }
    requirePorts(ctx, def.required);
    if (def.run === null) throw new NodeFailure(`Action '${action}' is not available in this build`, 'NotImplementedError');
    await def.run(ctx);
  },
});
