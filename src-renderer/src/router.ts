/**
 * The console's pages. Hash history: the page is loaded from file://, where paths cannot be served.
 * Only the first screen (accounts) is in the starting bundle; the other areas load on first visit.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import { withTexts } from './i18n';
import AccountsView from './views/AccountsView.vue';
import { auditRoute } from './views/audit/auditRoutes';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: { name: 'accounts' } },
    // One route with an optional id, so opening an account keeps the view (and the list's scroll) mounted.
    { path: '/accounts/:id?', name: 'accounts', component: AccountsView, props: true },
    { path: '/incoming', name: 'incoming', component: () => import('./views/IncomingView.vue') },
    // An escalation shows its disable request's checks, whose sentences are in the account area's texts.
    {
      path: '/escalations',
      name: 'escalations',
      component: withTexts('account', () => import('./views/EscalationsView.vue')),
    },
    auditRoute,
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
    { path: '/:unknown(.*)*', redirect: { name: 'accounts' } },
  ],
});
