// `cem analyze` (run by `npm run build`): dist/custom-elements.json from the elements' JSDoc
// (@attr @fires @slot @csspart @cssproperty) and their `static properties`.
export default {
  globs: ['widget/**/*.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/test-support/**', 'widget/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      // The analyzer also lists `dispatchEvent(new SomeEvent())` calls it cannot name; every
      // event is documented by name with @fires, so the unnamed duplicates go.
      name: 'drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
