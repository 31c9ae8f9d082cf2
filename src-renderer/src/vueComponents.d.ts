/**
 * A component import seen by plain TypeScript (ESLint's type-aware rules): vue-tsc reads the .vue file
 * itself. A script file of its own, since in a module (env.d.ts) this would be an augmentation, not a
 * declaration.
 */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
