// Browser entry: the ES-module glue streams the wasm from beside itself.
import createDaneelModule from '../dist/daneel.mjs';
import { wrapModule } from './api.mjs';

export { DaneelError } from './api.mjs';

export async function loadDaneel() {
  const locateFile = (file) => new URL(`../dist/${file}`, import.meta.url).href;
  return wrapModule(await createDaneelModule({ locateFile }));
}
