// Vite's `?url` imports: the bundled file's URL (the renderer's own origin).
declare module '*?url' {
  const url: string;
  export default url;
}
