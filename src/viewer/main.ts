/**
 * Demo viewer: the stock Neuroglancer viewer (default layers, data sources and kvstores, state in
 * the URL hash, `window.viewer` for tests) with the `sff://` data source registered and its
 * "raw | restored" layer action bound to the viewer.
 */
import 'neuroglancer/unstable/main_module.js';
import '../datasource/sff/register_default.js';
import { setupDefaultViewer } from 'neuroglancer/unstable/ui/default_viewer_setup.js';
import { bindViewer } from '../layer/side_by_side_action.js';

bindViewer(setupDefaultViewer());
