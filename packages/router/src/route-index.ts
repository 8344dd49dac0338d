import { parse, type Token } from 'path-to-regexp';

/** Something the index files: a layer, with the leading path segments any path it matches must have. */
export interface Indexed {
  /** Literal leading segments (lower-case unless case-sensitive); empty when the layer may match any path. */
  readonly staticSegments: readonly string[];
}

/**
 * The literal segments a path-to-regexp pattern starts with: the segments of its leading text
 * that end at a `/`, at the end of the pattern, or where an optional group opens with a `/`.
 * `/api/v1/users/:id` gives `['api', 'v1', 'users']`; `/users{/:id}` `['users']`; `/r-:id`
 * and `/:id` nothing. A segment that is empty or not ASCII ends the list, so that the index
 * never leaves out a layer its matcher would take (a case-insensitive match folds ASCII only).
 */
export function staticSegmentsOf(pattern: string, caseSensitive: boolean): string[] {
  let tokens: Token[];
  try {
    tokens = parse(pattern).tokens;
  } catch {
    return [];
  }
  let text = '';
  let next = 0;
  for (let token = tokens[next]; token?.type === 'text'; token = tokens[++next]) text += token.value;
  if (!text.startsWith('/')) return [];
  const segments = text.slice(1).split('/');
  const following = tokens[next];
  const lastComplete =
    following === undefined ||
    (following.type === 'group' &&
      following.tokens[0]?.type === 'text' &&
      following.tokens[0].value.startsWith('/'));
  if (!lastComplete) segments.pop();
  const literal: string[] = [];
  for (const segment of segments) {
    if (segment === '' || !isAscii(segment)) break;
    literal.push(caseSensitive ? segment : segment.toLowerCase());
  }
  return literal;
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 127) return false;
  return true;
}

/** Children a node compares in place, one by one; past this many, a segment is looked up in its map. */
const FEW_CHILDREN = 8;

interface Node<Layer> {
  readonly children: Map<string, Node<Layer>>;
  /** The same children as a list while there are few of them (FEW_CHILDREN), else undefined. */
  few: { readonly segment: string; readonly child: Node<Layer> }[] | undefined;
  /** Positions in the stack of the layers whose literal segments end here. */
  readonly own: number[];
  readonly parent: Node<Layer> | undefined;
  /** The layers that may match a path reaching this node, in stack order; made on first use. */
  candidates: readonly Layer[] | undefined;
}

function node<Layer>(parent: Node<Layer> | undefined): Node<Layer> {
  return { children: new Map(), few: [], parent, own: [], candidates: undefined };
}

/**
 * Narrows a router's stack to the layers that can match a path, keeping their order: a trie of
 * the layers' literal leading segments. A path walks down it segment by segment; the layers
 * filed at every node on the way (the root holds those that may match anything: `/:id`,
 * middleware at `/`, RegExp paths) are the candidates, merged in stack order. Each candidate is
 * still tried by its own matcher, so the index only saves the layers that cannot match; the
 * cost of a request grows with the depth of its path, not with the number of routes.
 */
export class RouteIndex<Layer extends Indexed> {
  readonly #stack: readonly Layer[];
  readonly #caseSensitive: boolean;
  readonly #root: Node<Layer> = node(undefined);
  readonly #positions = new Map<Layer, number>();
  /** True when some layer has literal segments; else every path gets the whole stack. */
  readonly #narrows: boolean;

  constructor(stack: readonly Layer[], caseSensitive: boolean) {
    // A copy: layers pushed later must not show up in candidate lists made from this index.
    this.#stack = [...stack];
    this.size = stack.length;
    this.#caseSensitive = caseSensitive;
    let narrows = false;
    stack.forEach((layer, position) => {
      this.#positions.set(layer, position);
      let at = this.#root;
      for (const segment of layer.staticSegments) {
        let child = at.children.get(segment);
        if (child === undefined) {
          child = node(at);
          at.children.set(segment, child);
          if (at.few !== undefined)
            at.few = at.children.size > FEW_CHILDREN ? undefined : [...at.few, { segment, child }];
        }
        at = child;
        narrows = true;
      }
      at.own.push(position);
    });
    this.#narrows = narrows;
  }

  /** How many layers the index was built from: the router rebuilds it when its stack changes length. */
  readonly size: number;

  /** Where a layer stands in the stack (-1 for one the index does not hold). */
  positionOf(layer: Layer): number {
    return this.#positions.get(layer) ?? -1;
  }

  /** The layers that may match `pathname`, in stack order. */
  candidates(pathname: string): readonly Layer[] {
    if (!this.#narrows) return this.#stack;
    let at = this.#root;
    let start = 1;
    while (start <= pathname.length) {
      const slash = pathname.indexOf('/', start);
      const end = slash === -1 ? pathname.length : slash;
      if (end === start) break;
      const child = this.#childFor(at, pathname, start, end);
      if (child === undefined) break;
      at = child;
      if (slash === -1) break;
      start = slash + 1;
    }
    return this.#candidatesAt(at);
  }

  /** The child of `at` for the segment `pathname[start..end)`, compared as path-to-regexp would (ASCII case folding). */
  #childFor(at: Node<Layer>, pathname: string, start: number, end: number): Node<Layer> | undefined {
    const few = at.few;
    if (few === undefined) {
      const segment = pathname.slice(start, end);
      return at.children.get(this.#caseSensitive ? segment : segment.toLowerCase());
    }
    // Most nodes have a few children: compared where the segment is, without a new string for it.
    for (const entry of few) {
      if (sameSegment(entry.segment, pathname, start, end, this.#caseSensitive)) return entry.child;
    }
    return undefined;
  }

  #candidatesAt(at: Node<Layer>): readonly Layer[] {
    at.candidates ??= this.#positionsOnChain(at).map((position) => this.#stack[position] as Layer);
    return at.candidates;
  }

  #positionsOnChain(at: Node<Layer>): number[] {
    const above = at.parent === undefined ? [] : this.#positionsOnChain(at.parent);
    return mergeSorted(above, at.own);
  }
}

/**
 * True when `pathname[start..end)` is `segment` (lower case and ASCII when not case-sensitive),
 * folding ASCII letters only: a regular expression's `i` flag never matches a non-ASCII
 * character to an ASCII one.
 */
function sameSegment(
  segment: string,
  pathname: string,
  start: number,
  end: number,
  caseSensitive: boolean,
): boolean {
  if (end - start !== segment.length) return false;
  for (let index = 0; index < segment.length; index++) {
    let code = pathname.charCodeAt(start + index);
    if (!caseSensitive && code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== segment.charCodeAt(index)) return false;
  }
  return true;
}

/** Two ascending lists of positions as one. */
function mergeSorted(first: readonly number[], second: readonly number[]): number[] {
  const merged: number[] = [];
  let inFirst = 0;
  let inSecond = 0;
  while (inFirst < first.length || inSecond < second.length) {
    const a = first[inFirst];
    const b = second[inSecond];
    if (b === undefined || (a !== undefined && a < b)) {
      merged.push(a as number);
      inFirst++;
    } else {
      merged.push(b);
      inSecond++;
    }
  }
  return merged;
}
