/**
 * What an evaluation set is: council register files as a council would send them, and the truth
 * about every row in them. The generator writes it; the evaluator (eval/evaluate.ts) imports the
 * files through the product and compares what was stored with this truth.
 *
 * Calendar dates are `YYYY-MM-DD` strings. Councils are GSS codes (`S12000033`).
 */

export interface EvaluationSet {
  /** The day the set was made for ("today"): contract ends, options and decision dates are relative to it. */
  today: string;
  seed: number;
  files: EvaluationFile[];
  contracts: TruthContract[];
  plantedGroups: PlantedGroup[];
}

export interface EvaluationFile {
  /** File name with extension (`.csv`, `.tsv` or `.txt`), unique in the set. */
  name: string;
  /** The bytes exactly as the council would upload them (encoding, BOM, line endings included). */
  bytes: Buffer;
  /** The council whose full register this is, or null for a multi-council extract (a council column names each row's council). */
  councilCode: string | null;
  /** Short free-text description of the dialect used (for the evaluation report only). */
  dialect: string;
}

export interface TruthContract {
  /** The file the row is in. */
  file: string;
  /** 1-based physical line number of the row's first line in the file (header and title rows included). */
  line: number;
  /** The contract reference exactly as written in the file, or null when the file has no reference column/value. */
  reference: string | null;
  /** The council (for a joint contract: the first-named council). */
  councilCode: string;
  /** Every other council that is a party to a joint contract ([] otherwise). */
  jointCouncilCodes: string[];
  title: string;
  /** The supplier cell exactly as written (after decoding), or null when blank/withheld. */
  supplierRaw: string | null;
  /** The company really meant (same id = same legal entity, whatever the spelling or later rename); null when no supplier. */
  supplierEntityId: string | null;
  /** The parent/family the entity belongs to (same id = same supplier group); null when no supplier. */
  supplierGroupId: string | null;
  startDate: string | null;
  /** The contract's current end date (before any extension option is taken). */
  endDate: string | null;
  /** Value per year in pounds, or null when the file does not give it and it cannot be derived. */
  annualValue: number | null;
  /** Whole-life value in pounds, or null. */
  totalValue: number | null;
  /** Extension options still available, each in months (e.g. "2 + 1 years" → [24, 12]). */
  extensionOptionsMonths: number[];
  /** Taxonomy label (see the taxonomy list) or "Not IT". */
  category: string;
  /** Product name as it appears in the catalogue of council software products, or null. */
  product: string | null;
  /** Id of the planted group this contract belongs to, or null. */
  plantedGroup: string | null;
}

export interface PlantedGroup {
  id: string;
  /** What ties the group together: the same product, or the same supplier group and category. */
  basis: 'product' | 'supplier-group-and-category' | 'category';
  councils: string[];
  /** The contracts (by file and line) that must appear together in one opportunity. */
  members: { file: string; line: number }[];
  /** How the ends can be aligned: which options each council must take or skip. */
  explanation: string;
}
