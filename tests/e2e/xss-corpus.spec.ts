import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';

const corpus = join(__dirname, '../fixtures/xss');
const load = (name: string) => JSON.parse(readFileSync(join(corpus, name), 'utf8')) as string[];
const payloads = [...load('vectors.json'), ...load('blns.json')];

/** A web page carrying the payload where pages carry text: title, metadata, body. */
function page(payload: string, i: number): string {
  const attr = payload.replace(/"/g, '&quot;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Case ${i} ${payload}</title>
<meta name="author" content="${attr}"><meta property="og:site_name" content="${attr}">
</head><body><article><h1>Case ${i}</h1>
<p>Reporting from Gao on case ${i}, where the market reopened after the attack on Monday morning.</p>
<p>${payload}</p>
<p>Residents said the road remained closed while troops searched the area around the town.</p>
</article></body></html>`;
}

test('hundreds of hostile payloads, imported and rendered, run nothing and load nothing', async ({
  app,
  page: tab,
  dialogs,
}) => {
  test.setTimeout(300_000);
  // Tripwires, in place before the app loads: any call is recorded, none goes through.
  await tab.addInitScript(() => {
    const tripped: string[] = [];
    (window as unknown as { __tripped: string[] }).__tripped = tripped;
    const trap =
      <T>(name: string, answer: T) =>
      (): T => {
        tripped.push(name);
        return answer;
      };
    window.alert = trap('alert', undefined);
    window.confirm = trap('confirm', false);
    window.prompt = trap('prompt', null);
    window.open = trap('open', null);
    const realFetch = window.fetch.bind(window);
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith(location.origin) && !url.startsWith('blob:') && !url.startsWith('data:'))
        tripped.push(`fetch ${url}`);
      return realFetch(input, init);
    };
  });
  await tab.reload();
  await expect(tab.locator('html[data-ready="true"]')).toHaveCount(1);

  const dir = await mkdtemp(join(tmpdir(), 'fieldbook-xss-'));
  try {
    let files = 0;
    for (const [i, payload] of payloads.entries()) {
      await writeFile(join(dir, `case-${String(i).padStart(3, '0')}.html`), page(payload, i));
      await writeFile(
        join(dir, `case-${String(i).padStart(3, '0')}.md`),
        `# Case ${i} notes\n\n${payload}\n`,
      );
      files += 2;
    }
    await app.nav('Sources').click();
    await tab.getByLabel('Import folder').setInputFiles(dir);
    const report = tab.getByRole('status').filter({ hasText: /Imported [\d,]+ of/ });
    await expect(report).toBeVisible({ timeout: 240_000 });
    const imported = Number(/Imported ([\d,]+) of/.exec(await report.innerText())?.[1]?.replace(/,/g, ''));
    // Some Markdown cases are blank or whitespace only, or repeat one another: those are reported, not imported.
    expect(imported).toBeGreaterThan(files * 0.8);

    // Render every source in the reader, one after another: the clicks run in the page, so
    // that a thousand of them take seconds, and each waits for the reader to show its title.
    // The list holds only the rows on screen: the next row is reached as a keyboard user
    // reaches it, with the down arrow from the row before.
    await expect(app.sources.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(imported));
    const rendered = await tab.evaluate(async (count) => {
      const list = document.querySelector<HTMLElement>('ul[aria-label="Sources"]');
      if (!list) return -1;
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      const rowButton = (i: number) =>
        list.querySelector<HTMLButtonElement>(`li[data-index="${i}"] button.record`);
      let shown = 0;
      for (let i = 0; i < count; i++) {
        let button = rowButton(i);
        for (let tries = 0; !button && tries < 50; tries++) {
          rowButton(i - 1)?.focus();
          document.activeElement?.dispatchEvent(
            new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }),
          );
          await frame();
          button = rowButton(i);
        }
        if (!button) break;
        const title = button.querySelector('.record-title')?.textContent;
        button.click();
        for (let tries = 0; tries < 100; tries++) {
          await frame();
          if (document.querySelector('#reader-title')?.textContent === title) {
            shown++;
            break;
          }
        }
      }
      return shown;
    }, imported);
    expect(rendered).toBe(imported);
    // Nothing executable reached the document.
    const live = await tab.evaluate(() => {
      const all = Array.from(document.querySelectorAll('*'));
      return {
        scripts: document.querySelectorAll('main script, main iframe, main object, main embed, main form')
          .length,
        handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
        javascriptUrls: all.filter((el) =>
          ['href', 'src', 'action', 'formaction', 'xlink:href'].some((a) =>
            /^\s*(javascript|vbscript|data:text)/i.test(el.getAttribute(a) ?? ''),
          ),
        ).length,
      };
    });
    expect(live).toEqual({ scripts: 0, handlers: 0, javascriptUrls: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect(await tab.evaluate(() => (window as unknown as { __tripped: string[] }).__tripped)).toEqual([]);
  expect(dialogs).toEqual([]);
});
