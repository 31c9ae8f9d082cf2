/** The report's four gaps as the Report page presents them: tab label, count, wording of each list. */
import type { GapKind, MfaReport } from '../../../../src-shared/auditApi';
import { t } from '../../i18n';

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

/** A gap's tab, its words read from the catalogue (audit.gaps.<kind>) in the language shown now. */
function gapTabOf(kind: GapKind, count: (report: MfaReport) => number): GapTab {
  return {
    kind,
    count,
    get label() {
      return t(`audit.gaps.${kind}.label`);
    },
    get hint() {
      return t(`audit.gaps.${kind}.hint`);
    },
    get atLabel() {
      return t(`audit.gaps.${kind}.at`);
    },
    get emptyTitle() {
      return t(`audit.gaps.${kind}.empty`);
    },
    get emptyText() {
      return t(`audit.gaps.${kind}.emptyText`);
    },
  };
}

export const GAP_TABS: readonly [GapTab, ...GapTab[]] = [
  gapTabOf('no_mfa', (r) => r.totals.byState.off),
  gapTabOf('pending', (r) => r.totals.byState.pending),
  gapTabOf('locked', (r) => r.totals.byState.locked),
  gapTabOf('overdue_resets', (r) => r.resets.overdue),
];

export const gapTab = (kind: GapKind): GapTab => GAP_TABS.find((tab) => tab.kind === kind) ?? GAP_TABS[0];
