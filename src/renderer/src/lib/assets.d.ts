/** Vite's `?url` imports: the URL of a file emitted with the build. */
declare module '*?url' {
  const url: string;
  export default url;
}

/** Vite's `?raw` imports: a file's text, bundled. */
declare module '*?raw' {
  const text: string;
  export default text;
}
