export * from './classifier';
export { cpvCodes } from './cpv';
export { NOT_IT, OTHER_ICT, SERVICE_CATEGORIES, councilCategoryKey, isItCategory, taxonomyFromRows } from './taxonomy';
export type { ServiceCategory, TaxonomyEntry } from './taxonomy';
