import type { MethodRegistry, RestorationMethod } from '../restoration_method.js';
import { EvaluationError } from './errors.js';

/** Instantiates the named methods (all of them when no names are given), in the order asked. */
export async function resolveMethods(
  registry: MethodRegistry,
  names?: readonly string[],
): Promise<RestorationMethod[]> {
  const wanted = names ?? [...registry.keys()];
  if (wanted.length === 0) throw new EvaluationError('no restoration method to evaluate');
  const unknown = wanted.filter((name) => !registry.has(name));
  if (unknown.length > 0) {
    throw new EvaluationError(`unknown method ${unknown.join(', ')} (available: ${[...registry.keys()].join(', ')})`);
  }
  const methods: RestorationMethod[] = [];
  for (const name of new Set(wanted)) methods.push(await registry.get(name)!());
  return methods;
}
