/** Builds workflow JSON for the batch tests: nodes as [id, type, config], edges as 'a.port>b.port'. */
export type N = [id: string, type: string, config?: Record<string, unknown>];

export function workflow(nodes: N[], edges: string[], variables: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    metadata: { name: 'batch-test' },
    nodes: Object.fromEntries(nodes.map(([id, type, config]) => [id, { node_id: id, node_type: type, config: config ?? {} }])),
    connections: edges.map((e) => {
      const [src, dst] = e.split('>') as [string, string];
      const [sn, sp] = src.split('.') as [string, string];
      const [tn, tp] = dst.split('.') as [string, string];
      return { source_node: sn, source_port: sp, target_node: tn, target_port: tp };
    }),
    variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, { type: 'Any', default_value: v }])),
    settings: { stop_on_error: true },
  }));
}

/** read -> map -> write -> loop end; completed -> commit -> end. */
export function pipeline(read: Record<string, unknown>, map: Record<string, unknown>, write: Record<string, unknown>): Buffer {
  return workflow([
    ['start', 'StartNode'],
    ['read', 'BatchReadStartNode', read],
    ['map', 'BatchMapNode', map],
    ['write', 'BatchWriteNode', write],
    ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
    ['commit', 'BatchCommitNode'],
    ['end', 'EndNode'],
  ], [
    'start.exec_out>read.exec_in',
    'read.body>map.exec_in',
    'map.exec_out>write.exec_in',
    'write.exec_out>loop_end.exec_in',
    'read.completed>commit.exec_in',
    'commit.exec_out>end.exec_in',
    'read.batch>map.rows',
    'read.row_offset>map.row_offset',
    'map.rows>write.rows',
  ]);
}

/** read -> write -> If(batch_index >= breakAt) -> Break, else loop end; completed -> commit -> end. */
export function writeWithBreak(read: Record<string, unknown>, outPath: string, breakAt: number): Buffer {
  return workflow([
    ['start', 'StartNode'],
    ['read', 'BatchReadStartNode', read],
    ['write', 'BatchWriteNode', { file_path: outPath }],
    ['check', 'IfNode', { expression: `{{read.batch_index}} >= ${breakAt}` }],
    ['brk', 'BreakNode', { paired_loop_start_id: 'read' }],
    ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
    ['commit', 'BatchCommitNode'],
    ['end', 'EndNode'],
  ], [
    'start.exec_out>read.exec_in', 'read.body>write.exec_in', 'write.exec_out>check.exec_in',
    'check.true>brk.exec_in', 'check.false>loop_end.exec_in',
    'read.completed>commit.exec_in', 'commit.exec_out>end.exec_in', 'read.batch>write.rows',
  ]);
}
