// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { parseHtmlFile } from '../../../src/renderer/src/lib/import/html';
import { sanitizeHtml } from '../../../src/renderer/src/lib/content/sanitize';
import { renderMarkdown } from '../../../src/renderer/src/lib/content/markdown';

const page = (body: string, head = '') =>
  `<!doctype html><html lang="fr-FR"><head><title>Site title</title>${head}</head><body>${body}</body></html>`;

const article = `
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <article>
    <h1>Attaque contre un bus près de Bandiagara</h1>
    <p>Au moins 31 personnes ont été tuées vendredi lorsque des hommes armés ont attaqué un bus transportant des civils vers un marché, dans la région de Mopti.</p>
    <p>Les autorités locales ont attribué l'attaque à des jihadistes. Le bus se rendait au marché de Bandiagara quand il a été visé par les assaillants.</p>
    <p>Les violences se sont multipliées dans le centre du Mali depuis plusieurs mois, malgré la présence de forces internationales.</p>
  </article>
  <footer>© News site. Subscribe to our newsletter.</footer>`;

describe('parseHtmlFile', () => {
  it('keeps the article and its metadata, not the page around it', () => {
    const parsed = parseHtmlFile(
      'bus.html',
      page(
        article,
        `<meta property="og:site_name" content="Le Journal">
         <meta name="author" content="A. Traoré">
         <meta property="article:published_time" content="2021-12-04T10:00:00Z">
         <link rel="canonical" href="https://journal.example/bus">`,
      ),
    );
    expect(parsed.title).toMatch(/Attaque contre un bus/);
    expect(parsed.text).toContain('Au moins 31 personnes ont été tuées');
    expect(parsed.text).not.toContain('Subscribe to our newsletter');
    expect(parsed.publisher).toBe('Le Journal');
    expect(parsed.author).toBe('A. Traoré');
    expect(parsed.publishedAt).toBe('2021-12-04');
    expect(parsed.url).toBe('https://journal.example/bus');
    expect(parsed.language).toBe('fr');
  });

  it('keeps no script, handler, remote image or style from a hostile page', () => {
    const hostile = page(`
      <article><h1>Report</h1>
      <p>Text of the report that is long enough to be the article body, about events in Gao and Ménaka.</p>
      <script>window.pwned = 1</script>
      <img src="x" onerror="window.pwned = 2">
      <img src="https://tracker.example/pixel.png" alt="pixel">
      <p style="background:url(https://tracker.example/bg)" onclick="alert(1)">Styled</p>
      <a href="javascript:alert(1)">bad link</a>
      <iframe src="https://evil.example"></iframe>
      <svg onload="alert(1)"><circle r="1"/></svg>
      </article>`);
    const { html, text } = parseHtmlFile('hostile.html', hostile);
    expect(html).not.toMatch(
      /<script|onerror|onclick|onload|javascript:|<iframe|<svg|style=|tracker\.example/i,
    );
    expect(text).toContain('events in Gao and Ménaka');
    expect(text).not.toContain('window.pwned');
  });

  it('reads JSON-LD wrapped in CDATA, and takes its headline before og:title', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Mali : 31 morts dans l’attaque d’un bus',
      datePublished: '2021-12-04T18:32:00+00:00',
      author: { '@type': 'Person', name: 'A. Traoré' },
    });
    for (const wrapped of [`<![CDATA[${ld}]]>`, `//<![CDATA[\n${ld}\n//]]>`, `/*<![CDATA[*/${ld}/*]]>*/`]) {
      const parsed = parseHtmlFile(
        'bus.html',
        page(
          article,
          `<meta property="og:title" content="Accueil | Le Journal"><script type="application/ld+json">${wrapped}</script>`,
        ),
      );
      expect(parsed.title, wrapped.slice(0, 12)).toBe('Mali : 31 morts dans l’attaque d’un bus');
      expect(parsed.publishedAt).toBe('2021-12-04');
      expect(parsed.author).toBe('A. Traoré');
    }
  });

  it('falls back to the file name for a page with no title or heading', () => {
    expect(parseHtmlFile('field_report.html', '<p>Only a line.</p>').title).toBe('Only a line.');
    expect(parseHtmlFile('field_report.html', '<html><body></body></html>').title).toBe('field report');
  });
});

describe('sanitizeHtml', () => {
  it('is stable when applied twice', () => {
    const once = sanitizeHtml('<p>a<b onmouseover=x>b</b><a href="https://x.example">c</a></p>');
    expect(sanitizeHtml(once)).toBe(once);
    expect(once).toContain('rel="noopener noreferrer"');
  });

  it('keeps images only when they are embedded data', () => {
    expect(sanitizeHtml('<img src="https://t.example/a.png" alt="a">')).toBe('<img alt="a">');
    const inline = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="b">';
    expect(sanitizeHtml(inline)).toBe(inline);
  });

  it('leaves no other attribute or element that loads from elsewhere', () => {
    // Found by the XSS corpus test: these made the reader request remote images.
    expect(sanitizeHtml('<table background="https://t.example/t.png"><tr><td>x</td></tr></table>')).toBe(
      '<table><tbody><tr><td>x</td></tr></tbody></table>',
    );
    expect(
      sanitizeHtml('<video poster="https://t.example/p.png" src="https://t.example/v.mp4"></video>'),
    ).toBe('');
    expect(sanitizeHtml('<a href="https://x.example" ping="https://t.example/ping">x</a>')).toBe(
      '<a href="https://x.example" rel="noopener noreferrer">x</a>',
    );
    expect(
      sanitizeHtml(
        '<picture><source srcset="https://t.example/b.png"><img src="x" lowsrc="https://t.example/l.png"></picture>',
      ),
    ).toBe('<img>');
    expect(
      sanitizeHtml('<audio src="https://t.example/a.mp3"><track src="https://t.example/t.vtt"></audio>'),
    ).toBe('');
  });
});

describe('renderMarkdown', () => {
  it('renders Markdown and strips any HTML that could run', () => {
    const html = renderMarkdown(
      '**JNIM** claimed it\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))',
    );
    expect(html).toContain('<strong>JNIM</strong>');
    expect(html).not.toMatch(/onerror|javascript:/);
  });
});
