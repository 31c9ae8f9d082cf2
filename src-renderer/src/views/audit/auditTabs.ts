/**
 * The Audit area's tabs. Apart from the routes, which load the area's pages lazily, so the pages can read
 * the tabs without importing the routes that import them.
 */
import type { Permission } from '../../../../src-shared/domain';

export interface AuditTab {
  name: string;
  label: string;
  permission: Permission;
}

/** The tabs, in the order shown; each names its route and the permission it needs. */
export const AUDIT_TABS: AuditTab[] = [
  { name: 'audit-report', label: 'Report', permission: 'reports.read' },
  { name: 'audit-log', label: 'Audit log', permission: 'audit.read' },
  { name: 'audit-alerts', label: 'Alerts', permission: 'alerts.read' },
  { name: 'audit-agents', label: 'Agents', permission: 'agents.manage' },
  { name: 'audit-subject-access', label: 'Personal data export', permission: 'subjectAccess.export' },
];
