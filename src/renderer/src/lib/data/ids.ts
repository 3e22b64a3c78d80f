/** Record ids: random UUIDs, unguessable and safe to merge across machines. */
export const newId = (): string => crypto.randomUUID();
