import { DataSource } from 'typeorm';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export interface ClassificationCorrection {
  councilCode: string;
  reference: string;
  product: string | null;
  serviceCategory: string | null;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/**
 * Analysts' corrections of a contract's product or category, kept by council and contract
 * reference so a newer register for the council keeps them.
 */
export class ClassificationRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async save(c: ClassificationCorrection): Promise<void> {
    await this.gate.run(() => this.dataSource.query(
      placeholders(this.dialect, `INSERT INTO classification_corrections (council_code, reference, product, service_category, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (council_code, reference) DO UPDATE SET product = excluded.product, service_category = excluded.service_category, reason = excluded.reason,
          decided_by = excluded.decided_by, decided_at = excluded.decided_at`),
      [c.councilCode, c.reference, c.product, c.serviceCategory, c.reason, c.decidedBy, c.decidedAt],
    ));
  }

  /** Corrections for these councils' contracts, by `council\u0000reference`. */
  async forCouncils(councils: string[]): Promise<Map<string, ClassificationCorrection>> {
    const out = new Map<string, ClassificationCorrection>();
    const unique = [...new Set(councils)];
    if (unique.length === 0) return out;
    const rows: Record<string, string>[] = await this.dataSource.query(
      placeholders(this.dialect, `SELECT * FROM classification_corrections WHERE council_code IN (${unique.map(() => '?').join(', ')})`), unique,
    );
    for (const r of rows) {
      out.set(`${r.council_code}\u0000${r.reference}`, {
        councilCode: r.council_code, reference: r.reference, product: r.product ?? null, serviceCategory: r.service_category ?? null,
        reason: r.reason, decidedBy: r.decided_by, decidedAt: r.decided_at,
      });
    }
    return out;
  }
}
