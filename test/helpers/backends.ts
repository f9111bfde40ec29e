/**
 * Runs a block of tests once on each built-in backend ('reference' and 'wasm'), with that backend
 * selected for the block (the wasm backend is made on first use: backend/default.ts).
 */
import { after, before, describe } from 'node:test';
import { getBackend, setBackend } from '../../src/engine/registry.js';
import { BUILTIN_BACKENDS } from '../../src/backend/builtin.js';

export function onEachBuiltinBackend(body: (backend: string) => void): void {
  for (const name of BUILTIN_BACKENDS) {
    describe(`on ${name}`, () => {
      let previous = 'reference';
      before(() => {
        previous = getBackend().name;
        setBackend(name);
      });
      after(() => setBackend(previous));
      body(name);
    });
  }
}
