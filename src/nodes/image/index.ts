import { defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { imageConvertAction } from './image-convert.js';
import { compareImagesNode } from './compare-images-node.js';
import { imageCropNode, imageMetadataNode, imageResizeNode, imageRotateNode, imageThumbnailNode } from './image-op-nodes.js';

/** ImageConvertNode (nodes.md §17.3): source_path! → output_path, files, file_count, format, success. */
export const imageConvertNode: NodeSpec = defineNode({
  type: 'ImageConvertNode',
  category: 'file',
  inputs: ['source_path'],
  required: ['source_path'],
  outputs: ['output_path', 'files', 'file_count', 'format', 'success'],
  config: {
    source_path: null, output_path: null, output_format: 'JPEG', quality: 85, scale_percent: '100%',
    overwrite: false, recursive: false, allow_dangerous_paths: false,
  },
  cost: 'cpu',
  resources: ['file'],
  pathKeys: ['source_path', 'output_path'],
  run: (ctx) => imageConvertAction(ctx),
});

/** Image nodes: CasareRPA's ImageConvertNode, a portable CompareImagesNode, Casare's sharp nodes. */
export const specs: readonly NodeSpec[] = [
  imageConvertNode, compareImagesNode, imageResizeNode, imageCropNode, imageRotateNode, imageThumbnailNode, imageMetadataNode,
];
