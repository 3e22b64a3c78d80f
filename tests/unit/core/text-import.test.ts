import { describe, expect, it } from 'vitest';
import { normalizeText, parseTextFile, shortenTitle, titleFromFileName } from '../../../src/core/import/text';
import { readArticle } from '../../fixtures/articles';

const fixture = readArticle;

describe('parseTextFile', () => {
  it('takes the published date from a first line "date YYYY-MM-DD" and removes it from the text', () => {
    const parsed = parseTextFile('bus.txt', fixture('mali-2021-12-bus-attack-mopti.txt'), 'text');
    expect(parsed.publishedAt).toBe('2021-12-08');
    expect(parsed.text.startsWith('The number of terrorist attacks is not decreasing')).toBe(true);
    expect(parsed.text).not.toMatch(/^\s*date/);
  });

  it('titles a text file with its headline, past a scraped breadcrumb, cut at a word boundary when long', () => {
    const parsed = parseTextFile('bus.txt', fixture('mali-2021-12-bus-attack-mopti.txt'), 'text');
    expect(parsed.title.length).toBeLessThanOrEqual(160);
    expect(parsed.title.startsWith('The number of terrorist attacks is not decreasing')).toBe(true);
    const other = parseTextFile('sec.txt', fixture('mali-2022-03-security-deteriorating.txt'), 'text');
    expect(other.title).toBe('In Mali, the security situation is deteriorating dangerously');
    expect(other.titleGuessed).toBe(true);
    expect(other.publishedAt).toBeUndefined();
  });

  it('titles a Markdown file with its first heading', () => {
    const parsed = parseTextFile('n.md', 'Intro line\n\n# Attack on Boulkessi\n\nText.', 'markdown');
    expect(parsed.title).toBe('Attack on Boulkessi');
    expect(parseTextFile('n.md', 'Ségou report\n===\n\nbody', 'markdown').title).toBe('Ségou report');
  });

  it('ignores a date line that is not a real date', () => {
    const parsed = parseTextFile('x.txt', 'date 2022-02-30\nBody', 'text');
    expect(parsed.publishedAt).toBeUndefined();
    expect(parsed.text).toBe('date 2022-02-30\nBody');
  });

  it('falls back to the file name when the file has no text line', () => {
    expect(parseTextFile('folder/mali_report-2022.txt', '   \n', 'text').title).toBe('mali report 2022');
  });
});

describe('normalizeText', () => {
  it('drops the BOM, unifies line endings, composes accents and strips NUL and bidi controls', () => {
    const raw = '\uFEFFSe\u0301gou\r\nline\u0000two\u202Eevil\u202C\rend';
    expect(normalizeText(raw)).toBe('Ségou\nlinetwoevil\nend');
  });
});

describe('titles', () => {
  it('keeps short titles whole and marks cut ones with an ellipsis', () => {
    expect(shortenTitle('  Short   title ')).toBe('Short title');
    const cut = shortenTitle('word '.repeat(60), 40);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(40);
  });

  it('derives a title from a file name without folders or extension', () => {
    expect(titleFromFileName('C:\\notes\\gao_convoy.md')).toBe('gao convoy');
  });
});
