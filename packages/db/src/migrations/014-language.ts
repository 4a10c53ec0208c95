import { sql, type Kysely } from 'kysely';

/**
 * Each employee's language (个人中心): the screen after they sign in, and
 * every mail and calendar invite they are sent. Simplified Chinese unless
 * they choose English. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table employees add column language varchar(8) not null default 'zh-CN' check (language in ('zh-CN', 'en'))`.execute(
    db,
  );
}
