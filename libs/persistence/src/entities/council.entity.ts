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
}
