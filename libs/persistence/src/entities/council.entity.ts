import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('councils')
export class CouncilEntity {
  /** GSS code, e.g. S12000033. */
  @PrimaryColumn({ type: 'varchar', length: 9 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'short_name', type: 'varchar', length: 200 })
  shortName: string;

  @Column({ type: 'varchar', length: 40 })
  nation: string;

  /** JSON array of alternative spellings. */
  @Column({ type: 'text' })
  aliases: string;

  /** Day an abolished council ended (`YYYY-MM-DD`); null for a current council. */
  @Column({ name: 'end_date', type: 'varchar', length: 10, nullable: true })
  endDate: string | null;

  /** GSS codes of an abolished council's successors, space-separated. */
  @Column({ type: 'text', nullable: true })
  successors: string | null;
}
