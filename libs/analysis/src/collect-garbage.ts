import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection now. The analysis lets go of a million contracts' facts at once, just
 * before it writes the findings' bodies; left to itself V8 grows the heap for the bodies before it
 * collects the facts, and the process's peak memory is the two together. Node only hands out `gc`
 * when asked at start-up, so it is asked for here; where it cannot be had, this does nothing.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
