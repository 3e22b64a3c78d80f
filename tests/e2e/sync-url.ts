/** The team server the end-to-end tests sync through (npm run sync:server, in memory, loopback). */
export const SYNC_PORT = Number(process.env.E2E_SYNC_PORT ?? 5987);
export const SYNC_SERVER_URL = `http://127.0.0.1:${SYNC_PORT}`;
