import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyLanguage, i18n, systemLanguage } from './i18n';
import { router } from './router';
import { loadDarkTheme } from './lib/darkTheme';
import './styles/forms.css';
import './styles/surfaces.css';

// Where the system is dark its theme is loaded before the first paint, so no light frame shows first;
// should it fail to load, the console still starts, light.
const themed = matchMedia('(prefers-color-scheme: dark)').matches ? loadDarkTheme().catch(() => undefined) : Promise.resolve();
// The computer's language is loaded before the first paint too (only that one: the agent's own choice
// arrives with main's status, and App switches to it); English should that one fail to load.
const spoken = applyLanguage(systemLanguage()).then((applied) => applied || applyLanguage('en'));
void Promise.all([themed, spoken]).then(() => createApp(App).use(createPinia()).use(i18n).use(router).mount('#app'));
