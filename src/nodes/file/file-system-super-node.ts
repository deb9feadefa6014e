/** FileSystemSuperNode (nodes.md §13): one node, `action` picks the operation. */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import {
  appendFileAction, copyFileAction, createDirectoryAction, deleteFileAction, fileExistsAction,
  getFileInfoAction, getFileSizeAction, listDirectoryAction, listFilesAction, moveFileAction,
  readFileAction, writeFileAction,
} from './file-actions.js';
import type { FileAction } from './file-actions.js';
import { requirePorts } from './require-ports.js';

interface ActionDef { readonly required: readonly string[]; readonly run: FileAction }

const ACTIONS: ReadonlyMap<string, ActionDef> = new Map<string, ActionDef>([
  ['Read File', { required: ['file_path'], run: readFileAction }],
  ['Write File', { required: ['file_path', 'content'], run: writeFileAction }],
  ['Append File', { required: ['file_path', 'content'], run: appendFileAction }],
  ['Delete File', { required: ['file_path'], run: deleteFileAction }],
  ['Copy File', { required: ['source_path', 'dest_path'], run: copyFileAction }],
  ['Move File', { required: ['source_path', 'dest_path'], run: moveFileAction }],
  ['File Exists', { required: ['path'], run: fileExistsAction }],
  ['Get File Size', { required: ['file_path'], run: getFileSizeAction }],
  ['Get File Info', { required: ['file_path'], run: getFileInfoAction }],
  ['Create Directory', { required: ['directory_path'], run: createDirectoryAction }],
  ['List Files', { required: ['directory_path'], run: listFilesAction }],
  ['List Directory', { required: ['dir_path'], run: listDirectoryAction }],
]);

const OUTPUTS = [
  'content', 'size', 'success', 'file_path', 'bytes_written', 'deleted_path', 'dest_path',
  'bytes_copied', 'exists', 'is_file', 'is_dir', 'created', 'modified', 'extension', 'name', 'parent',
  'dir_path', 'files', 'count', 'items',
];

export const fileSystemSuperNode: NodeSpec = defineNode({
  type: 'FileSystemSuperNode',
  category: 'file',
  inputs: ['file_path', 'content', 'source_path', 'dest_path', 'path', 'directory_path', 'dir_path'],
  outputs: OUTPUTS,
  config: {
    action: 'Read File', encoding: 'utf-8', binary_mode: false, max_size: 0, create_dirs: true,
    create_if_missing: true, ignore_missing: false, overwrite: false, check_type: 'any', parents: true,
    exist_ok: true, pattern: '*', recursive: false, files_only: false, dirs_only: false,
    allow_dangerous_paths: false,
  },
  cost: 'io',
  resources: ['file'],
  pathKeys: ['file_path', 'source_path', 'dest_path', 'path', 'directory_path', 'dir_path'],
  async run(ctx) {
    const action = pyStr(ctx.param('action') ?? 'Read File');
    const def = ACTIONS.get(action);
    if (def === undefined) {
      requirePorts(ctx, ['file_path']);
      throw new NodeFailure(`Unknown action: ${action}`, 'ValueError');
    }
    requirePorts(ctx, def.required);
    await def.run(ctx);
  },
});
