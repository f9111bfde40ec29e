/** The PyTorch selection fixtures (topk, nonzero, masked_select, unique, searchsorted) on every built-in backend. */
import { onEachBackend } from '../helpers/backends.js';
import { describeSelectionFixtures } from './selection-cases.js';

onEachBackend('selection fixtures', () => describeSelectionFixtures());
