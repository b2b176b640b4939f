// Lets plain `tsc` (part of `npm run check`) type .ts files that import .astro components, e.g. the feed
// renderer; `astro check` resolves the components themselves with their real props.
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}
