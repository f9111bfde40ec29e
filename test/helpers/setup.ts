/**
 * Loaded before every test file (`node --test --import ./dist/test/helpers/setup.js`, see package.json):
 * registers the built-in backends, as the package's entry points do, so tests may import internal modules.
 */
import { installBuiltinBackends } from '../../src/backend/builtin.js';

installBuiltinBackends();
