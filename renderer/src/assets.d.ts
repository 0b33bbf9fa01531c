/** Vite's `?url` imports: the built address of a file, e.g. PDF.js's worker. */
declare module '*?url' {
  const url: string;
  export default url;
}
