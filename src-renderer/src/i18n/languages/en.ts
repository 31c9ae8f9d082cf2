/** The console in English. */
import { dateEnUS, enUS } from 'naive-ui';
import { languagePack } from '../languagePack';
import { en } from '../messages/en';

export const pack = languagePack(en, enUS, dateEnUS);
