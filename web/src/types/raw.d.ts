/** `?raw` imports: the file's text (webpack asset/source in next.config.ts; Vite's own in vitest). */
declare module '*?raw' {
  const text: string;
  export default text;
}
