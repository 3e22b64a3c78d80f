import type { FieldbookApi } from '../../../../core/ipc/contract';
import { electronPlatform } from './desktop';
import type { Platform } from './types';
import { webPlatform } from './web';

export type { Platform };

declare global {
  interface Window {
    /** Present only inside the Electron app, exposed by the preload. */
    api?: FieldbookApi;
  }
}

export function detectPlatform(): Platform {
  return window.api ? electronPlatform(window.api) : webPlatform;
}
