import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CatalogueProduct, CpvCategory, TaxonomyEntry, taxonomyFromRows } from '@app/classification';
import { SupplierRelationship } from '@app/suppliers';

export const PRODUCTS_FILE = 'catalogue/products.csv';
export const CPV_CATEGORIES_FILE = 'catalogue/cpv-categories.csv';
export const TAXONOMY_FILE = 'catalogue/taxonomy.csv';
export const SUPPLIER_RELATIONSHIPS_FILE = 'suppliers/supplier-relationships.csv';

export interface Catalogue {
  products: CatalogueProduct[];
  cpv: CpvCategory[];
  taxonomy: TaxonomyEntry[];
}

function rows(dataDir: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dataDir, file)), { columns: true, skip_empty_lines: true });
}

const terms = (s: string | undefined) => (s ?? '').split(';').map((t) => t.trim()).filter(Boolean);

/** The product catalogue and CPV category map shipped in data/catalogue (sources in data/SOURCES.md). */
export function readCatalogue(dataDir: string): Catalogue {
  return {
    products: rows(dataDir, PRODUCTS_FILE).map((r) => ({
      id: r.id, vendor: r.vendor, companyNumber: r.company_number || null, product: r.product, category: r.category,
      matchTerms: terms(r.match_terms), vendorOnlyTerms: terms(r.vendor_only_terms),
    })),
    cpv: rows(dataDir, CPV_CATEGORIES_FILE).map((r) => ({ prefix: r.cpv_prefix, category: r.category, note: r.note })),
    taxonomy: taxonomyFromRows(rows(dataDir, TAXONOMY_FILE)),
  };
}

/** Known renames, aliases, parent groups and resellers shipped in data/suppliers; seeded, then editable. */
export function readSupplierRelationships(dataDir: string): (SupplierRelationship & { source: string })[] {
  return rows(dataDir, SUPPLIER_RELATIONSHIPS_FILE).map((r) => ({
    kind: r.kind as SupplierRelationship['kind'], name: r.name, target: r.target || null, companyNumber: r.company_number || null, source: r.source ?? '',
  }));
}
