/** Role names as admins read them, and the choices of the role pickers. */
import type { Role } from '../../../../src-shared/domain';

export const ROLE_LABELS: Record<Role, string> = { agent: 'Agent', auditor: 'Auditor', admin: 'Admin' };

export const ROLE_OPTIONS = (['agent', 'auditor', 'admin'] as const).map((role) => ({ label: ROLE_LABELS[role], value: role }));
