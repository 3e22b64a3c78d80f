import { describe, expect, it } from 'vitest';
import { referencesFile, REFERENCE_FORMATS } from '../../../src/core/export/references';
import { parseCitations, type Citation } from '../../../src/core/import/citations';
import { summaryOf } from '../../../src/core/model/types';
import { source } from '../factories';

const article = summaryOf(
  source({
    id: 'src-ja',
    // Longer than a line of RIS (70 characters), as many headlines are.
    title: 'Mali : au moins 31 morts dans l’attaque d’un bus près de Bandiagara, dans le centre du pays',
    author: 'Ahmed, Baba',
    publisher: 'Jeune Afrique',
    url: 'https://www.jeuneafrique.com/1277383/politique/mali-attaque-bus',
    publishedAt: '2021-12-04',
    language: 'fr',
    tags: ['bus', 'Mopti'],
    origin: { kind: 'file', name: 'ja.html', type: 'text/html', size: 10, format: 'html' },
    createdAt: Date.UTC(2022, 0, 5, 9),
  }),
);
const report = summaryOf(
  source({
    id: 'src-hrw',
    title: 'Mali: Atrocities by the Army and Wagner Group',
    author: 'Human Rights Watch',
    publisher: 'Human Rights Watch',
    url: '',
    publishedAt: '2022-07-22',
    language: 'en',
    tags: [],
    origin: { kind: 'file', name: 'hrw.pdf', type: 'application/pdf', size: 10, format: 'pdf' },
  }),
);
const undated = summaryOf(
  source({
    id: 'src-x',
    title: 'Notes from Sévaré',
    author: '',
    publisher: '',
    url: '',
    publishedAt: undefined,
  }),
);

/** What a reference manager keeps of a source, read back from a file by Citation.js. */
const kept = (c: Citation) => ({
  title: c.title,
  authors: c.authors,
  publishedAt: c.publishedAt,
  outlet: c.container || c.publisher,
  url: c.url,
  language: c.language,
  keywords: c.keywords,
});

describe('sources as references for Zotero', () => {
  it.each(REFERENCE_FORMATS)('%s: read back by Citation.js, every source gives the same fields', (format) => {
    const { text } = referencesFile([article, report, undated], format);
    const read = parseCitations(text, format);
    if (!Array.isArray(read)) throw new Error(`not read back: ${read.code}`);
    expect(read.map(kept)).toEqual([
      {
        title: article.title,
        authors: ['Baba Ahmed'],
        publishedAt: '2021-12-04',
        outlet: 'Jeune Afrique',
        url: article.url,
        language: 'fr',
        keywords: ['bus', 'Mopti'],
      },
      {
        title: report.title,
        authors: ['Human Rights Watch'],
        publishedAt: '2022-07-22',
        outlet: 'Human Rights Watch',
        url: '',
        language: 'en',
        keywords: [],
      },
      {
        title: 'Notes from Sévaré',
        authors: [],
        publishedAt: undefined,
        outlet: '',
        url: '',
        language: 'en',
        keywords: [],
      },
    ]);
  });

  it('types a page with an outlet as a newspaper article, a PDF as a report', () => {
    const items = JSON.parse(referencesFile([article, report, undated], 'csl-json').text) as {
      type: string;
    }[];
    expect(items.map((i) => i.type)).toEqual(['article-newspaper', 'report', 'document']);
    expect(referencesFile([article], 'ris').text).toMatch(/^TY {2}- MGZN/m);
    expect(referencesFile([article], 'bibtex').text).toMatch(/^@article\{/m);
  });
});
