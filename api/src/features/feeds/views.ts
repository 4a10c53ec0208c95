import type { MailSettings } from '@frontline/core';

/** A feed's subscription URL, over https and as webcal: for calendar apps that want the scheme. */
export const feedUrls = (mail: MailSettings, token: string) => {
  const https = `${mail.origin}/api/feeds/${token}.ics`;
  return { url: https, webcal: https.replace(/^https?:/, 'webcal:') };
};
