/**
 * A backend that checks disable requests for real: DKIM keys and DMARC records from the mail lab's DNS
 * server on loopback, our trusted receiving server, the demo support address, and e-mails to users sent
 * over SMTP to a test receiver. The parts are returned for the test to use and close.
 */
import { startBackend, type TestBackend } from './backend.js';
import { startMailLab, SUPPORT_ADDRESS, TRUSTED_AUTHSERV_ID, type MailLab } from './mailFactory.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtpReceiver.js';

export interface MailDesk {
  lab: MailLab;
  smtp: SmtpReceiver;
  backend: TestBackend;
}

export async function startMailDesk(env: Record<string, string> = {}): Promise<MailDesk> {
  const lab = await startMailLab();
  const smtp = await startSmtpReceiver();
  const backend = await startBackend({
    env: {
      MFA_DESK_DNS_SERVERS: lab.servers.join(','),
      MFA_DESK_TRUSTED_AUTHSERV_IDS: TRUSTED_AUTHSERV_ID,
      MFA_DESK_SUPPORT_ADDRESSES: SUPPORT_ADDRESS,
      MFA_DESK_SMTP_URL: smtp.url,
      ...env,
    },
  });
  return { lab, smtp, backend };
}
