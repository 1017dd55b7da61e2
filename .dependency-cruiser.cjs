/**
 * The layers of src/ and the one way their imports run (docs/architecture.md):
 *
 *   util → text → model → learn → engine → background
 *                 storage ↗ (under learn)         ↑ messaging ← page, ui
 *
 * A module may import its own layer and the layers listed for it, nothing else. Checked in
 * `npm test` (`npm run lint:deps`), so a wrong-way import fails CI.
 */
const below = {
  util: [],
  text: ['util'],
  model: ['util', 'text'],
  storage: ['util', 'text'],
  learn: ['util', 'text', 'model', 'storage'],
  engine: ['util', 'text', 'model', 'learn'],
  messaging: ['util', 'text'],
  background: ['util', 'text', 'learn', 'engine', 'storage', 'messaging'],
  page: ['util', 'text', 'messaging'],
  ui: ['util', 'text', 'messaging'],
};
// The page and the UI read and watch the user's preferences in browser storage directly (no
// IndexedDB, defined lazily, no side effect on import); everything else of storage is the background's.
const PREFERENCES = '^src/storage/(settings|site-switches|items)[.]ts$';

const layerRules = Object.entries(below).map(([layer, allowed]) => ({
  name: `${layer}-imports-only-below`,
  comment: `src/${layer} may import only ${allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'nothing else in src'}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[layer, ...allowed].join('|')})/`, ...(layer === 'page' || layer === 'ui' ? [PREFERENCES] : [])],
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'modules that import each other at run time are one module split in two: merge them or move the shared part down (a cycle through a type-only import is allowed: nothing of it runs)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'src-not-from-entrypoints',
      comment: 'entrypoints are thin shells over src/; src never imports them',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^entrypoints/' },
    },
    {
      name: 'engine-free-of-wxt',
      comment: 'below background, page and ui, src/ knows nothing of WXT or the browser extension APIs',
      severity: 'error',
      from: { path: '^src/(util|text|model|learn|engine|messaging)/' },
      to: { path: '(^|/)node_modules/(wxt|@wxt-dev)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a DTO imported the wrong way is a wrong-way dependency too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
