/** Role names as admins read them, and the choices of the role pickers. */
import type { Role } from '../../../../src-shared/domain';
import { translated } from '../../i18n/translated';

const ROLES: readonly Role[] = ['agent', 'auditor', 'admin'];

export const ROLE_LABELS = translated(ROLES, (role) => `app.role.${role}`);

/** The pickers' choices, their labels read in the language shown when the picker renders. */
export const roleOptions = () => ROLES.map((role) => ({ label: ROLE_LABELS[role], value: role }));
