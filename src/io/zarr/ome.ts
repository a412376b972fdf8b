/**
 * The first image of an OME-Zarr multiscale group (NGFF 0.4 in `.zattrs` `multiscales`, 0.5 in
 * `zarr.json` attributes `ome.multiscales`; 0.3's axis-name strings too): its axis names and, per
 * dataset, the array path and voxel size. Only `scale` transforms are used; a `translation`
 * (an offset of the whole volume) does not change which voxel is which section.
 */
import { SffError } from '../../core/errors.js';

export interface OmeDataset {
  path: string;
  /** Voxel size per array dimension, in nanometres where the axis has a known unit. */
  scale: number[] | undefined;
}

export interface OmeImage {
  axes: string[] | undefined;
  datasets: OmeDataset[];
}

const NANOMETRES: Record<string, number> = {
  angstrom: 0.1,
  nanometer: 1,
  micrometer: 1e3,
  millimeter: 1e6,
  centimeter: 1e7,
  meter: 1e9,
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The multiscales of a group's attributes, or undefined when it has none (not OME-Zarr). */
export function omeImage(attrs: Json, where: string): OmeImage | undefined {
  const ome = isObject(attrs.ome) ? attrs.ome : attrs;
  const list = ome.multiscales;
  if (list === undefined) return undefined;
  const fail = (why: string): never => {
    throw new SffError('ZarrFormatError', `${where}: OME-Zarr multiscales ${why}`);
  };
  if (!Array.isArray(list) || list.length === 0 || !isObject(list[0])) return fail('is not a list of images');
  const image = list[0];
  let axes: string[] | undefined;
  let units: number[] | undefined;
  if (image.axes !== undefined) {
    if (!Array.isArray(image.axes)) return fail('axes is not a list');
    axes = image.axes.map((a) => (typeof a === 'string' ? a : isObject(a) && typeof a.name === 'string' ? a.name : ''));
    units = image.axes.map((a) => (isObject(a) && typeof a.unit === 'string' ? (NANOMETRES[a.unit] ?? 1) : 1));
  }
  if (!Array.isArray(image.datasets) || image.datasets.length === 0) return fail('has no datasets');
  const datasets = image.datasets.map((d, i): OmeDataset => {
    if (!isObject(d) || typeof d.path !== 'string') return fail(`dataset ${i} has no path`);
    const transforms = Array.isArray(d.coordinateTransformations) ? d.coordinateTransformations : [];
    const scaleTransform = transforms.find((t) => isObject(t) && t.type === 'scale') as Json | undefined;
    const values = scaleTransform?.scale;
    if (values !== undefined && !(Array.isArray(values) && values.every((v) => typeof v === 'number' && v > 0)))
      return fail(`dataset ${i} scale is not a list of positive numbers`);
    const scale = (values as number[] | undefined)?.map((v, k) => v * (units?.[k] ?? 1));
    return { path: d.path, scale };
  });
  return { axes, datasets };
}
