/**
 * The Audit area's pages, nested under /audit. Loaded on first visit: Chart.js, the virtual table and
 * the area's texts stay out of the bundle an agent who never opens the area downloads.
 */
import type { RouteRecordRaw } from 'vue-router';
import type { Permission } from '../../../../src-shared/domain';
import { withTexts } from '../../i18n';
import { useSessionStore } from '../../stores/session';
import { AUDIT_TABS } from './auditTabs';

declare module 'vue-router' {
  interface RouteMeta {
    /** The permission a page of the Audit area needs; the area hides the page from other roles. */
    auditPermission?: Permission;
  }
}

function permission(name: string): Permission {
  const tab = AUDIT_TABS.find((t) => t.name === name);
  if (!tab) throw new Error(`No audit tab is named ${name}.`);
  return tab.permission;
}

export const auditRoute: RouteRecordRaw = {
  path: '/audit',
  // The area's texts come with it, so none of its pages ever shows a message key.
  component: withTexts('audit', () => import('./AuditView.vue')),
  children: [
    {
      path: '',
      name: 'audit',
      component: () => import('./AuditIndex.vue'),
      // Straight to the first page the role may see, without an entry of its own in the history.
      beforeEnter: () => {
        const session = useSessionStore();
        const first = AUDIT_TABS.find((t) => session.may(t.permission));
        return first ? { name: first.name, replace: true } : true;
      },
    },
    {
      path: 'report',
      name: 'audit-report',
      component: () => import('./ReportView.vue'),
      meta: { auditPermission: permission('audit-report') },
    },
    { path: 'log', name: 'audit-log', component: () => import('./LogView.vue'), meta: { auditPermission: permission('audit-log') } },
    {
      path: 'alerts',
      name: 'audit-alerts',
      component: () => import('./AlertsView.vue'),
      meta: { auditPermission: permission('audit-alerts') },
    },
    {
      path: 'agents',
      name: 'audit-agents',
      component: () => import('./AgentsView.vue'),
      meta: { auditPermission: permission('audit-agents') },
    },
    {
      path: 'personal-data',
      name: 'audit-subject-access',
      component: () => import('./SubjectAccessView.vue'),
      meta: { auditPermission: permission('audit-subject-access') },
    },
  ],
};
