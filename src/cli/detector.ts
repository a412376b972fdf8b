/**
 * `--detector`: which fold detector a command runs (src/offline/detector.ts), loaded on the first
 * section. The learned one is the default; when its model does not load, one line on stderr says
 * so and why, and the command goes on with the hand-tuned detector.
 */
import { DETECTOR_NAMES, lazyDetector, type LoadedDetector } from '../offline/index.js';
import { parseChoice } from './options.js';

/** commander's option arguments: flags, description, default. */
export const DETECTOR_OPTION = [
  '--detector <name>',
  `fold detector: ${DETECTOR_NAMES.join(' or ')} (the learned one needs foldnet.onnx in --models; when it does not load, hand-tuned with a note)`,
  DETECTOR_NAMES[0],
] as const;

export function openDetector(
  command: string,
  text: string,
  modelsDir: string,
): Pick<LoadedDetector, 'name' | 'detect' | 'dispose'> {
  return lazyDetector(parseChoice('--detector', text, DETECTOR_NAMES), modelsDir, (why) =>
    process.stderr.write(`sff ${command}: learned detector not loaded (${why}): using the hand-tuned one\n`),
  );
}
