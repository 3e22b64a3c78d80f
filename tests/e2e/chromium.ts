/** Debian's Chromium, as every end-to-end test starts it (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without these, Debian's Chromium tries to reach Google's services at start.
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-gpu',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];
