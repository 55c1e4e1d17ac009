/**
 * The default export of an imported config module. tsx (`--no-cache`, or no writable cache) loads a
 * config whose package is not `"type": "module"` as CommonJS, and importing CommonJS gives
 * `{ default: module.exports }`: the config's own default export is one level down, under an
 * `__esModule` marker.
 */
export function defaultExport(namespace: unknown): unknown {
  const exported = (namespace as { default?: unknown } | null | undefined)?.default;
  if (typeof exported === 'object' && exported !== null && (exported as { __esModule?: unknown }).__esModule === true) {
    return (exported as { default?: unknown }).default;
  }
  return exported;
}
