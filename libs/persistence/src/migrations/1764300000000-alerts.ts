import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const integer = (name: string, nullable = true, def?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...(def !== undefined ? { default: def } : {}) });
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

/**
 * Renewal alerts. One row per (contract, stage, dates version): the unique index is what makes
 * each reminder go once, whichever worker or run gets there first. Deliveries are one row per
 * channel, recipient and round (a snoozed alert goes again in a new round), claimed before
 * sending so two workers never send the same one.
 */
export class Alerts1764300000000 implements MigrationInterface {
  name = 'Alerts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'alert_settings',
      columns: [
        { ...varchar('council_code', 9, false), isPrimary: true }, text('emails', false), varchar('stages', 60, false), integer('notice_months'),
        varchar('digest', 10, false), text('webhook_url'), varchar('webhook_secret', 64), varchar('calendar_token', 64, false),
        varchar('updated_at', 30, false), varchar('updated_by', 200),
      ],
    }));
    await q.createTable(new Table({
      name: 'alerts',
      columns: [
        id(), varchar('council_code', 9, false), text('contract_key', false), integer('contract_id', false), varchar('stage', 20, false), varchar('dates_version', 40, false),
        varchar('due_date', 10, false), varchar('target_date', 10, false), varchar('expires_after', 10, false), varchar('status', 12, false), integer('round', false, 0),
        varchar('snoozed_until', 10), varchar('action_token', 64, false), text('note'), varchar('created_at', 30, false), varchar('updated_at', 30, false), varchar('sent_at', 30),
      ],
      indices: [
        new TableIndex({ name: 'ux_alerts_contract_stage_version', columnNames: ['council_code', 'contract_key', 'stage', 'dates_version'], isUnique: true }),
        new TableIndex({ name: 'ix_alerts_council_status', columnNames: ['council_code', 'status'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'alert_deliveries',
      columns: [
        id(), integer('alert_id', false), varchar('council_code', 9, false), varchar('channel', 10, false), text('recipient', false), integer('round', false, 0),
        varchar('status', 10, false), integer('attempts', false, 0), varchar('claimed_at', 30), text('last_error'), varchar('sent_at', 30), text('message_id'),
      ],
      indices: [
        new TableIndex({ name: 'ux_alert_deliveries', columnNames: ['alert_id', 'channel', 'recipient', 'round'], isUnique: true }),
        new TableIndex({ name: 'ix_alert_deliveries_council_status', columnNames: ['council_code', 'status'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'contract_acknowledgements',
      columns: [
        { ...varchar('council_code', 9, false), isPrimary: true }, { ...text('contract_key', false), isPrimary: true }, { ...varchar('dates_version', 40, false), isPrimary: true },
        varchar('acknowledged_by', 200, false), varchar('acknowledged_at', 30, false), text('note'),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contract_acknowledgements');
    await q.dropTable('alert_deliveries');
    await q.dropTable('alerts');
    await q.dropTable('alert_settings');
  }
}
