/**
 * Importing this module registers the `sff://` data source with Neuroglancer's default registry,
 * and the image layer that shows its side-panel tab and fold annotations.
 */
import { registerProvider } from 'neuroglancer/unstable/datasource/default_provider.js';
import { registerSffImageLayer } from '../../layer/user_layer.js';
import { SffDataSourceProvider } from './frontend.js';

registerProvider(new SffDataSourceProvider());
registerSffImageLayer();
