import { describe, expect, it } from 'vitest';
import { anchor, describeRange } from '../../../src/core/annotate/selectors';

const text =
  'Gunmen attacked a bus near Songho on Friday. At least 31 people were killed. ' +
  'The army said at least 31 people were killed and 17 injured in the Mopti region.';

describe('passage anchors', () => {
  it('describe a passage by its words, their surroundings, and their place', () => {
    const start = text.indexOf('At least 31');
    const target = describeRange(text, start, start + 'At least 31 people were killed'.length);
    expect(target.quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'At least 31 people were killed',
      prefix: 'attacked a bus near Songho on Friday. '.slice(-32),
      suffix: text.slice(start + 30, start + 62),
    });
    expect(target.position).toEqual({ type: 'TextPositionSelector', start, end: start + 30 });
    expect(anchor(text, target)).toEqual({ start, end: start + 30 });
  });

  it('find the same occurrence again after the text changed, by its surroundings', () => {
    const second = text.indexOf('at least 31 people were killed and');
    const target = describeRange(text, second, second + 'at least 31 people were killed'.length);
    // Extracted again: a heading added in front moves everything.
    const changed = `MALI — ${text.replace('on Friday', 'on Friday 3 December')}`;
    const found = anchor(changed, target);
    expect(found && changed.slice(found.start, found.end)).toBe('at least 31 people were killed');
    expect(found && changed.slice(found.end, found.end + 10)).toBe(' and 17 in');
  });

  it('leave a passage orphaned when its words are gone, rather than pointing elsewhere', () => {
    const start = text.indexOf('17 injured');
    const target = describeRange(text, start, start + '17 injured'.length);
    expect(anchor(text.replace('17 injured', 'dozens injured'), target)).toBeNull();
  });

  it('refuse an empty or out-of-range passage', () => {
    expect(() => describeRange(text, 5, 5)).toThrow(RangeError);
    expect(() => describeRange(text, 0, text.length + 1)).toThrow(RangeError);
  });
});
