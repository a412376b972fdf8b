/** Importing this module registers the `sff://` data source with Neuroglancer's default registry. */
import { registerProvider } from 'neuroglancer/unstable/datasource/default_provider.js';
import { SffDataSourceProvider } from './frontend.js';

registerProvider(new SffDataSourceProvider());
