/**
 * Every piece of HTML the app displays that it did not write itself (imported pages, rendered
 * Markdown) passes through here. The DOMPurify configuration is the one tested against 708
 * hostile inputs (see FIELD-NOTES): no handler, script-capable element or javascript: URL
 * survives, and sanitizing twice gives the same result. On top of it, nothing may load from
 * another address: images keep only data: sources, media elements and every attribute that
 * fetches (`background`, `poster`, `ping`…) go, so an imported page cannot reveal that it was
 * opened; the Content-Security-Policy blocks such loads as well.
 */
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

export const SANITIZE_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'object',
    'embed',
    'base',
    'meta',
    'link',
    'template',
    'svg',
    'math',
    // Media would load from wherever the page points; an archive plays none of it.
    'video',
    'audio',
    'source',
    'track',
    'picture',
  ],
  // Attributes that load or ping an address of their own (found by the XSS corpus test:
  // `background` and `poster` made the reader request remote images).
  FORBID_ATTR: [
    'style',
    'srcset',
    'formaction',
    'action',
    'background',
    'poster',
    'ping',
    'lowsrc',
    'dynsrc',
    'longdesc',
  ],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  ALLOW_DATA_ATTR: false,
} satisfies Config;

function configure(purify: DOMPurify): DOMPurify {
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!/^data:image\/(png|gif|jpeg|webp);/i.test(src)) node.removeAttribute('src');
    }
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return purify;
}

const purifiers = new WeakMap<object, DOMPurify>();

/** Sanitizes HTML with the DOM of `window` (the page's, or a test's). */
export function sanitizeHtml(html: string, window: Window & typeof globalThis = globalThis.window): string {
  let purify = purifiers.get(window);
  if (!purify) {
    purify = configure(createDOMPurify(window));
    purifiers.set(window, purify);
  }
  return purify.sanitize(html, SANITIZE_CONFIG);
}
