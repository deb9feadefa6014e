/** The standalone file nodes (nodes.md §13): same semantics as FileSystemSuperNode's actions. */
import { defineNode } from '../types.js';
import type { NodeContext, NodeSpec, Routing } from '../types.js';
import {
  appendFileAction, copyFileAction, createDirectoryAction, deleteFileAction, fileExistsAction,
  getFileInfoAction, getFileSizeAction, listDirectoryAction, listFilesAction, moveFileAction,
  readFileAction, writeFileAction,
} from './file-actions.js';
import { readCsvAction, readJsonAction, writeCsvAction, writeJsonAction } from './structured-data.js';

interface Def {
  type: string;
  inputs: string[];
  required?: string[];
  outputs: string[];
  config: Record<string, unknown>;
  routing?: Routing;
  run: (ctx: NodeContext) => Promise<void>;
}

const DANGER = { allow_dangerous_paths: false };

const DEFS: Def[] = [
  { type: 'ReadFileNode', inputs: ['file_path'], required: ['file_path'], outputs: ['content', 'size', 'success'],
    config: { encoding: 'utf-8', binary_mode: false, max_size: 0, errors: 'strict', ...DANGER },
    run: (ctx) => readFileAction(ctx, { errorsParam: true }) },
  { type: 'WriteFileNode', inputs: ['file_path', 'content'], required: ['file_path', 'content'],
    outputs: ['file_path', 'bytes_written', 'attachment_file', 'success'],
    config: { encoding: 'utf-8', binary_mode: false, create_dirs: true, append_mode: false, errors: 'strict', ...DANGER },
    run: (ctx) => writeFileAction(ctx, { errorsParam: true, standaloneWrite: true }) },
  { type: 'AppendFileNode', inputs: ['file_path', 'content'], required: ['file_path', 'content'],
    outputs: ['file_path', 'bytes_written', 'success'], config: { encoding: 'utf-8', create_if_missing: true, ...DANGER },
    run: (ctx) => appendFileAction(ctx) },
  { type: 'DeleteFileNode', inputs: ['file_path'], required: ['file_path'], outputs: ['deleted_path', 'success'],
    config: { ignore_missing: false, ...DANGER }, run: (ctx) => deleteFileAction(ctx) },
  { type: 'CopyFileNode', inputs: ['source_path', 'dest_path'], required: ['source_path', 'dest_path'],
    outputs: ['dest_path', 'bytes_copied', 'success'], config: { overwrite: false, create_dirs: true, ...DANGER },
    run: (ctx) => copyFileAction(ctx) },
  { type: 'MoveFileNode', inputs: ['source_path', 'dest_path'], required: ['source_path', 'dest_path'],
    outputs: ['dest_path', 'success'], config: { overwrite: false, create_dirs: true, ...DANGER },
    run: (ctx) => moveFileAction(ctx) },
  { type: 'FileExistsNode', inputs: ['path'], required: ['path'], outputs: ['exists', 'is_file', 'is_dir'],
    config: { check_type: 'any', ...DANGER }, routing: 'D', run: (ctx) => fileExistsAction(ctx) },
  { type: 'GetFileSizeNode', inputs: ['file_path'], required: ['file_path'], outputs: ['size', 'success'],
    config: { ...DANGER }, routing: 'D', run: (ctx) => getFileSizeAction(ctx) },
  { type: 'GetFileInfoNode', inputs: ['file_path'], required: ['file_path'],
    outputs: ['size', 'created', 'modified', 'extension', 'name', 'parent', 'success'],
    config: { ...DANGER }, routing: 'D', run: (ctx) => getFileInfoAction(ctx) },
  { type: 'CreateDirectoryNode', inputs: ['directory_path'], required: ['directory_path'], outputs: ['dir_path', 'success'],
    config: { parents: true, exist_ok: true, ...DANGER }, run: (ctx) => createDirectoryAction(ctx) },
  { type: 'ListFilesNode', inputs: ['directory_path'], required: ['directory_path'], outputs: ['files', 'count', 'success'],
    config: { pattern: '*', recursive: false, ...DANGER }, run: (ctx) => listFilesAction(ctx) },
  { type: 'ListDirectoryNode', inputs: ['dir_path'], required: ['dir_path'], outputs: ['items', 'count', 'success'],
    config: { pattern: '*', recursive: false, files_only: false, dirs_only: false, ...DANGER },
    run: (ctx) => listDirectoryAction(ctx) },
  { type: 'ReadCSVNode', inputs: ['file_path'], outputs: ['data', 'headers', 'row_count', 'success'],
    config: { delimiter: ',', has_header: true, encoding: 'utf-8', quotechar: '"', skip_rows: 0, max_rows: 0, strict: false, ...DANGER },
    run: (ctx) => readCsvAction(ctx, { fullDialect: true }) },
  { type: 'WriteCSVNode', inputs: ['file_path', 'data', 'headers'], outputs: ['file_path', 'attachment_file', 'row_count', 'success'],
    config: { delimiter: ',', write_header: true, encoding: 'utf-8', ...DANGER },
    run: (ctx) => writeCsvAction(ctx, { attachment: true }) },
  { type: 'ReadJSONFileNode', inputs: ['file_path'], outputs: ['data', 'success'], config: { encoding: 'utf-8', ...DANGER },
    run: (ctx) => readJsonAction(ctx) },
  { type: 'WriteJSONFileNode', inputs: ['file_path', 'data'], outputs: ['file_path', 'attachment_file', 'success'],
    config: { encoding: 'utf-8', indent: 2, ensure_ascii: false, ...DANGER },
    run: (ctx) => writeJsonAction(ctx, { attachment: true }) },
];

export const standaloneFileNodes: readonly NodeSpec[] = DEFS.map((d) => defineNode({
  type: d.type,
  category: 'file',
  inputs: d.inputs,
  ...(d.required === undefined ? {} : { required: d.required }),
  outputs: d.outputs,
  config: d.config,
  ...(d.routing === undefined ? {} : { routing: d.routing }),
  cost: 'io',
  resources: ['file'],
  pathKeys: d.inputs.filter((i) => i.endsWith('path')),
  run: d.run,
}));
