/**
 * Passages on the page: a selection turned into offsets in the reader's text, offsets turned
 * back into a DOM range, and the passages painted with the CSS Custom Highlight API — the
 * page's markup is never changed, so nothing of Svelte's rendering or the sanitized HTML is
 * touched. The side list of passages is what assistive tools read.
 */
import { anchor, type PassageTarget } from '../../../../core/annotate/selectors';
import { PASSAGE_COLORS, type PassageColor } from '../../../../core/model/types';

/** Where `range` starts and ends in `root`'s text, or null when it is not inside `root`. */
export function offsetsOf(root: Node, range: Range): { start: number; end: number } | null {
  if (range.collapsed || !root.contains(range.commonAncestorContainer)) return null;
  const before = document.createRange();
  before.setStart(root, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}

/** The DOM range covering characters `start` to `end` of `root`'s text. */
export function rangeAt(root: Node, start: number, end: number): Range | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.nodeValue?.length ?? 0;
    if (!started && start <= seen + length) {
      range.setStart(node, start - seen);
      started = true;
    }
    if (started && end <= seen + length) {
      range.setEnd(node, end - seen);
      return range;
    }
    seen += length;
  }
  return null;
}

const highlightName = (color: PassageColor) => `passage-${color}`;

/**
 * Paints the passages found in `root`'s text; returns the range of each one found. A passage
 * missing from it is orphaned: its words are no longer there.
 */
export function paintPassages(
  root: Node,
  passages: readonly { id: string; target: PassageTarget; color: PassageColor }[],
): Map<string, Range> {
  const text = root.textContent ?? '';
  const found = new Map<string, Range>();
  const ranges = new Map<PassageColor, Range[]>(PASSAGE_COLORS.map((c) => [c, []]));
  for (const passage of passages) {
    const at = anchor(text, passage.target);
    const range = at && rangeAt(root, at.start, at.end);
    if (!range) continue;
    found.set(passage.id, range);
    ranges.get(passage.color)?.push(range);
  }
  if (typeof CSS !== 'undefined' && 'highlights' in CSS)
    for (const [color, list] of ranges) CSS.highlights.set(highlightName(color), new Highlight(...list));
  return found;
}

export function clearPassages(): void {
  if (typeof CSS !== 'undefined' && 'highlights' in CSS)
    for (const color of PASSAGE_COLORS) CSS.highlights.delete(highlightName(color));
}
