/**
 * The Audit area's tabs. Apart from the routes, which load the area's pages lazily, so the pages can read
 * the tabs without importing the routes that import them.
 */
import type { Permission } from '../../../../src-shared/domain';

export interface AuditTab {
  name: string;
  /** Its name in the catalogues: `audit.tabs.<labelKey>`. */
  labelKey: 'report' | 'log' | 'alerts' | 'agents' | 'subjectAccess';
  permission: Permission;
}

/** The tabs, in the order shown; each names its route and the permission it needs. */
export const AUDIT_TABS: AuditTab[] = [
  { name: 'audit-report', labelKey: 'report', permission: 'reports.read' },
  { name: 'audit-log', labelKey: 'log', permission: 'audit.read' },
  { name: 'audit-alerts', labelKey: 'alerts', permission: 'alerts.read' },
  { name: 'audit-agents', labelKey: 'agents', permission: 'agents.manage' },
  { name: 'audit-subject-access', labelKey: 'subjectAccess', permission: 'subjectAccess.export' },
];
