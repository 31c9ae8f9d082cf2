/** The report's four gaps as the Report page presents them: tab label, count, wording of each list. */
import type { GapKind, MfaReport } from '../../../../src-shared/auditApi';

export interface GapTab {
  kind: GapKind;
  label: string;
  /** How many accounts the gap holds, from the report already on screen. */
  count: (report: MfaReport) => number;
  /** One sentence under the tabs: what the rows are and in which order. */
  hint: string;
  /** The heading of the time column: what `at` means for this gap. */
  atLabel: string;
  emptyTitle: string;
  emptyText: string;
}

export const GAP_TABS: readonly [GapTab, ...GapTab[]] = [
  {
    kind: 'no_mfa',
    label: 'No MFA',
    count: (r) => r.totals.byState.off,
    hint: 'Accounts that sign in with a password only, by login.',
    atLabel: 'Account created',
    emptyTitle: 'Every account has MFA',
    emptyText: 'No account signs in with a password only.',
  },
  {
    kind: 'pending',
    label: 'Awaiting confirmation',
    count: (r) => r.totals.byState.pending,
    hint: 'The QR code was shown, but no first code was typed yet; by login.',
    atLabel: 'Account created',
    emptyTitle: 'Nobody is awaiting confirmation',
    emptyText: 'Every enrolment that started was confirmed with a first code.',
  },
  {
    kind: 'locked',
    label: 'Locked',
    count: (r) => r.totals.byState.locked,
    hint: 'Too many wrong codes in a row; the lock ending soonest first.',
    atLabel: 'Locked until',
    emptyTitle: 'No account is locked',
    emptyText: 'Nobody is blocked by wrong codes right now.',
  },
  {
    kind: 'overdue_resets',
    label: 'Overdue resets',
    count: (r) => r.resets.overdue,
    hint: 'New-phone resets whose link expired unused; the account waits on its ticket. Oldest first.',
    atLabel: 'Link expired',
    emptyTitle: 'No reset is overdue',
    emptyText: 'Every reset link was used, or is still valid.',
  },
];

export const gapTab = (kind: GapKind): GapTab => GAP_TABS.find((t) => t.kind === kind) ?? GAP_TABS[0];
