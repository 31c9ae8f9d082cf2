import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { loadDarkTheme } from './lib/darkTheme';
import './styles/forms.css';
import './styles/surfaces.css';

// Where the system is dark its theme is loaded before the first paint, so no light frame shows first;
// should it fail to load, the console still starts, light.
const themed = matchMedia('(prefers-color-scheme: dark)').matches ? loadDarkTheme().catch(() => undefined) : Promise.resolve();
void themed.then(() => createApp(App).use(createPinia()).use(i18n).use(router).mount('#app'));
