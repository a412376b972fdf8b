/**
 * The `sff://` chunk sources of each volume in this worker, one per scale. Neuroglancer asks for
 * the coarser scales' chunks first, as stand-ins until the scale drawn at the current zoom
 * arrives; a stand-in's block should not take the network and the thread from that scale's.
 */

/** One scale's source, as the other scales of its volume see it. */
export interface ScaleSource {
  /** Pixels per section at this scale: more is finer. */
  readonly pixels: number;
  /** Whether a visible chunk of section z is still waiting to be served. */
  awaitsVisible(z: number): boolean;
}

const byVolume = new Map<string, Set<ScaleSource>>();

/** Adds `source` to its volume's scales; the returned function removes it (when disposed). */
export function registerScale(volumeKey: string, source: ScaleSource): () => void {
  let scales = byVolume.get(volumeKey);
  if (scales === undefined) {
    scales = new Set();
    byVolume.set(volumeKey, scales);
  }
  scales.add(source);
  return () => {
    scales.delete(source);
    if (scales.size === 0) byVolume.delete(volumeKey);
  };
}

/** Whether a finer scale of the volume than `pixels` still waits for visible chunks of section z. */
export function finerScaleAwaited(volumeKey: string, pixels: number, z: number): boolean {
  for (const scale of byVolume.get(volumeKey) ?? []) {
    if (scale.pixels > pixels && scale.awaitsVisible(z)) return true;
  }
  return false;
}

/** Whether any scale of the volume still waits for visible chunks of section z. */
export function anyScaleAwaited(volumeKey: string, z: number): boolean {
  return finerScaleAwaited(volumeKey, -1, z);
}
