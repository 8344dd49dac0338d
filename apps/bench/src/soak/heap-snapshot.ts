import { readFileSync } from 'node:fs';

/**
 * A V8 heap snapshot (`v8.writeHeapSnapshot`), read just enough to compare two of them:
 * self sizes summed by constructor, object ids (stable between snapshots of one process),
 * and the shortest chain of references from the GC roots to an object.
 *
 * The file is JSON: `nodes` and `edges` are flat number arrays, `snapshot.meta` names the
 * fields of each record, and names are indexes into `strings`.
 */

interface SnapshotFile {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** How many objects of one kind, and their self size in bytes. */
export interface Group {
  count: number;
  size: number;
}

/** One kind of object in two snapshots. */
export interface GroupChange {
  name: string;
  before: Group;
  after: Group;
}

/** Types whose objects are grouped by their name: the constructor, for JS objects. */
const NAMED_TYPES = new Set(['object', 'native', 'hidden', 'synthetic', 'regexp']);
/** Edges that do not keep their target alive. */
const WEAK_EDGE = 'weak';
/** Longest retainer chain printed whole; longer ones keep their ends. */
const LONGEST_CHAIN = 14;

function fieldIndex(fields: readonly string[], name: string): number {
  const index = fields.indexOf(name);
  if (index === -1) throw new Error(`heap snapshot: no "${name}" field in ${fields.join(', ')}`);
  return index;
}

/** What a node is counted as: its constructor for objects, its type in parentheses for the rest (as DevTools does). */
function groupName(type: string, name: string): string {
  if (NAMED_TYPES.has(type)) return name;
  if (type === 'closure') return `${name || '(anonymous)'}()`;
  if (type === 'concatenated string' || type === 'sliced string') return '(string)';
  if (type === 'code') return '(compiled code)';
  return `(${type})`;
}

/** A heap snapshot file, parsed. */
export class HeapSnapshot {
  readonly #nodes: number[];
  readonly #edges: number[];
  readonly #strings: string[];
  readonly #nodeTypes: string[];
  readonly #edgeTypes: string[];
  readonly #nodeFieldCount: number;
  readonly #edgeFieldCount: number;
  readonly #typeField: number;
  readonly #nameField: number;
  readonly #idField: number;
  readonly #sizeField: number;
  readonly #edgeCountField: number;
  readonly #edgeTypeField: number;
  readonly #edgeNameField: number;
  readonly #edgeToField: number;
  /** The index in `edges` of each node's first edge. */
  #firstEdges: Int32Array | undefined;
  /** Each node's parent on a shortest path from the root, and the edge taken (-1: none). */
  #parents: { node: Int32Array; edge: Int32Array } | undefined;

  /** Reads and parses a `.heapsnapshot` file. */
  static read(path: string): HeapSnapshot {
    return new HeapSnapshot(JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile);
  }

  private constructor(file: SnapshotFile) {
    const meta = file.snapshot.meta;
    this.#nodes = file.nodes;
    this.#edges = file.edges;
    this.#strings = file.strings;
    this.#nodeTypes = meta.node_types[0];
    this.#edgeTypes = meta.edge_types[0];
    this.#nodeFieldCount = meta.node_fields.length;
    this.#edgeFieldCount = meta.edge_fields.length;
    this.#typeField = fieldIndex(meta.node_fields, 'type');
    this.#nameField = fieldIndex(meta.node_fields, 'name');
    this.#idField = fieldIndex(meta.node_fields, 'id');
    this.#sizeField = fieldIndex(meta.node_fields, 'self_size');
    this.#edgeCountField = fieldIndex(meta.node_fields, 'edge_count');
    this.#edgeTypeField = fieldIndex(meta.edge_fields, 'type');
    this.#edgeNameField = fieldIndex(meta.edge_fields, 'name_or_index');
    this.#edgeToField = fieldIndex(meta.edge_fields, 'to_node');
  }

  /** Nodes (objects, strings, code, ...) in the snapshot. */
  get nodeCount(): number {
    return this.#nodes.length / this.#nodeFieldCount;
  }

  #field(node: number, field: number): number {
    return this.#nodes[node * this.#nodeFieldCount + field] ?? 0;
  }

  #group(node: number): string {
    const type = this.#nodeTypes[this.#field(node, this.#typeField)] ?? '?';
    return groupName(type, this.#strings[this.#field(node, this.#nameField)] ?? '');
  }

  /** Self sizes of every node, summed: the heap the snapshot saw. */
  get totalSize(): number {
    let total = 0;
    for (let node = 0; node < this.nodeCount; node++) total += this.#field(node, this.#sizeField);
    return total;
  }

  /** Count and self size by constructor (or by type, for what has none). */
  groups(): Map<string, Group> {
    const groups = new Map<string, Group>();
    for (let node = 0; node < this.nodeCount; node++) {
      const name = this.#group(node);
      const group = groups.get(name) ?? { count: 0, size: 0 };
      group.count++;
      group.size += this.#field(node, this.#sizeField);
      groups.set(name, group);
    }
    return groups;
  }

  /** The ids of every node of group `name`. */
  idsOf(name: string): Set<number> {
    const ids = new Set<number>();
    for (let node = 0; node < this.nodeCount; node++) {
      if (this.#group(node) === name) ids.add(this.#field(node, this.#idField));
    }
    return ids;
  }

  /** Up to `limit` nodes of group `name` whose ids are not in `olderIds`: objects born since that snapshot. */
  newNodesOf(name: string, olderIds: ReadonlySet<number>, limit: number): number[] {
    const found: number[] = [];
    for (let node = 0; node < this.nodeCount && found.length < limit; node++) {
      if (this.#group(node) === name && !olderIds.has(this.#field(node, this.#idField))) found.push(node);
    }
    return found;
  }

  /**
   * The shortest chain of strong references from the snapshot's root to `node`, e.g.
   * `Server.#connections → Set.table → (array)[3] → Connection`; undefined when unreachable.
   */
  retainerChain(node: number): string | undefined {
    const parents = this.#shortestPaths();
    const steps: string[] = [];
    let current = node;
    steps.push(this.#group(current));
    // Node 0 is the snapshot's own root, above the GC roots: the chain starts below it.
    while (parents.node[current] !== 0) {
      const parent = parents.node[current] ?? -1;
      const edge = parents.edge[current] ?? -1;
      if (parent <= 0 || edge === -1) return undefined;
      steps.push(`${this.#group(parent)}${this.#edgeLabel(edge)}`);
      current = parent;
    }
    steps.reverse();
    const shown =
      steps.length <= LONGEST_CHAIN
        ? steps
        : [...steps.slice(0, 3), '…', ...steps.slice(-(LONGEST_CHAIN - 4))];
    return shown.join(' → ');
  }

  #edgeLabel(edge: number): string {
    const type = this.#edgeTypes[this.#edges[edge + this.#edgeTypeField] ?? 0];
    const nameOrIndex = this.#edges[edge + this.#edgeNameField] ?? 0;
    if (type === 'element' || type === 'hidden') return `[${nameOrIndex}]`;
    return `.${this.#strings[nameOrIndex] ?? '?'}`;
  }

  #edgeStarts(): Int32Array {
    if (this.#firstEdges !== undefined) return this.#firstEdges;
    const starts = new Int32Array(this.nodeCount + 1);
    for (let node = 0; node < this.nodeCount; node++) {
      starts[node + 1] = (starts[node] ?? 0) + this.#field(node, this.#edgeCountField) * this.#edgeFieldCount;
    }
    this.#firstEdges = starts;
    return starts;
  }

  /** Breadth first from the root (node 0) along strong edges: each node's parent on a shortest path. */
  #shortestPaths(): { node: Int32Array; edge: Int32Array } {
    if (this.#parents !== undefined) return this.#parents;
    const starts = this.#edgeStarts();
    const parentNode = new Int32Array(this.nodeCount).fill(-1);
    const parentEdge = new Int32Array(this.nodeCount).fill(-1);
    const queue = new Int32Array(this.nodeCount);
    const weak = this.#edgeTypes.indexOf(WEAK_EDGE);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    parentNode[0] = 0;
    while (head < tail) {
      const node = queue[head++] ?? 0;
      const end = starts[node + 1] ?? 0;
      for (let edge = starts[node] ?? 0; edge < end; edge += this.#edgeFieldCount) {
        if (this.#edges[edge + this.#edgeTypeField] === weak) continue;
        const target = (this.#edges[edge + this.#edgeToField] ?? 0) / this.#nodeFieldCount;
        if (parentNode[target] !== -1) continue;
        parentNode[target] = node;
        parentEdge[target] = edge;
        queue[tail++] = target;
      }
    }
    this.#parents = { node: parentNode, edge: parentEdge };
    return this.#parents;
  }
}

/** Every group of either snapshot, with its count and size in both. */
export function compareGroups(before: HeapSnapshot, after: HeapSnapshot): GroupChange[] {
  const old = before.groups();
  const now = after.groups();
  const empty: Group = { count: 0, size: 0 };
  return [...new Set([...old.keys(), ...now.keys()])].map((name) => ({
    name,
    before: old.get(name) ?? empty,
    after: now.get(name) ?? empty,
  }));
}
