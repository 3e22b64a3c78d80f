/**
 * The few host APIs that core may use because every host has them (browsers, workers, Node):
 * declared here because core compiles without the DOM and Node type libraries.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
