/** The console in German. */
import { dateDeDE, deDE } from 'naive-ui';
import { languagePack } from '../languagePack';
import { de } from '../messages/de';

export const pack = languagePack(de, deDE, dateDeDE);
