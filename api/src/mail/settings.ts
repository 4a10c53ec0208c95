import type { MailSettings } from '@frontline/db';

export const DEFAULT_MAIL_FROM = { name: '一线 Frontline', email: 'frontline@frontline.local' };

/** Invite settings from configuration: links point at the public origin (or localhost), UIDs carry its host. */
export function mailSettings(o: {
  origin?: string | undefined;
  port?: number;
  from?: { name: string; email: string };
  alarmMinutes?: number;
}): MailSettings {
  const origin = (o.origin ?? `http://localhost:${o.port ?? 3000}`).replace(/\/$/, '');
  return {
    from: o.from ?? DEFAULT_MAIL_FROM,
    origin,
    host: new URL(origin).hostname,
    alarmMinutes: o.alarmMinutes ?? 30,
  };
}
