/**
 * Entry of Neuroglancer's chunk worker in our build: webpack substitutes this module for
 * Neuroglancer's own `./chunk_worker.bundle.js` (see webpack.config.js), so the stock worker
 * modules load first and our worker-side sources register next to them.
 */
import 'neuroglancer/unstable/chunk_worker.bundle.js';
import './backend.js';
