/**
 * Which councils' data a read may return. Every repository method that reads council data
 * takes one, so a query cannot be written without deciding it (see ARCHITECTURE.md).
 */
export type CouncilScope = { readonly kind: 'council'; readonly code: string } | { readonly kind: 'all' };

export const allCouncils: CouncilScope = Object.freeze({ kind: 'all' });

export function oneCouncil(code: string): CouncilScope {
  return Object.freeze({ kind: 'council', code });
}

/** Narrows a scope to one requested council; a council scope cannot widen to another council. */
export function narrowScope(scope: CouncilScope, requested: string | null | undefined): CouncilScope | null {
  if (!requested) return scope;
  if (scope.kind === 'council') return scope.code === requested ? scope : null;
  return oneCouncil(requested);
}
