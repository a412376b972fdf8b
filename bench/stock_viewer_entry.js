// The stock Neuroglancer viewer without the sff:// plugin: the baseline of viewer.bench.ts's bundle sizes.
import 'neuroglancer/unstable/main_module.js';
import { setupDefaultViewer } from 'neuroglancer/unstable/ui/default_viewer_setup.js';

setupDefaultViewer();
