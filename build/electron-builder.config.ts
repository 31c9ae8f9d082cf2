/**
 * The installers `npm run dist` makes (scripts/packaging/dist.ts runs electron-builder with this file),
 * each on its own platform: AppImage and deb on Linux, NSIS on Windows, dmg on macOS.
 *
 * What the packaged app needs is all inside it: main, the CommonJS preload, the renderer, and the
 * backend bundle with its end-user pages, which the console runs in an Electron utility process (so no
 * Node.js on the agent's machine). Its native modules (better-sqlite3, argon2) are rebuilt for Electron
 * here (npmRebuild) and kept outside the asar archive, since a .node file cannot be loaded from inside it.
 */
import type { Configuration } from 'electron-builder';
import { DESK_PROTOCOL } from '../src-main/desktop/deskLink.js';
import { buildTimeUpdateUrl } from '../src-main/desktop/updateFeed.js';

export const APP_ID = 'com.mfadesk.console';
export const PRODUCT_NAME = 'MFA Desk';
/** The Linux executable, desktop entry and icon name. */
export const EXECUTABLE_NAME = 'mfa-desk';
const DESCRIPTION = 'The support console for TOTP multi-factor authentication: find an account, verify a request, act with evidence.';

/** The configuration for this environment (MFA_DESK_UPDATE_URL: the update feed to build in; MFA_DESK_MAINTAINER: the deb's maintainer). */
export function builderConfig(env: NodeJS.ProcessEnv): Configuration {
  const updateUrl = buildTimeUpdateUrl(env);
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © the MFA Desk authors',
    directories: { buildResources: 'build', output: 'dist' },
    // electron-vite's output only; production dependencies (package.json "dependencies") are added by
    // electron-builder itself. The Chromium shell is for machines without Electron: never in an installer.
    files: ['package.json', 'out/main/**', '!out/main/chromiumShell.js', 'out/preload/**', 'out/renderer/**'],
    asar: true,
    asarUnpack: ['**/*.node'],
    npmRebuild: true,
    protocols: [{ name: 'MFA Desk account link', schemes: [DESK_PROTOCOL] }],
    // Updates are off unless IT names a feed: then electron-builder writes it into the app (app-update.yml)
    // and publishes latest*.yml beside the installers, to be copied to that https folder.
    publish: updateUrl ? [{ provider: 'generic', url: updateUrl }] : null,
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icons/png',
      executableName: EXECUTABLE_NAME,
      category: 'Office',
      synopsis: 'MFA support console',
      description: DESCRIPTION,
      maintainer: env['MFA_DESK_MAINTAINER'] ?? 'MFA Desk <mfa-desk@example.com>',
      // The installed entry is mfa-desk.desktop, matching package.json desktopName (Electron's app_id / WM_CLASS).
      syncDesktopName: true,
      desktop: {
        entry: {
          Name: PRODUCT_NAME,
          GenericName: 'MFA Support Console',
          Keywords: 'MFA;TOTP;2FA;authenticator;support;helpdesk;',
          StartupNotify: 'true',
        },
      },
    },
    deb: { packageCategory: 'utils', priority: 'optional' },
    win: { target: ['nsis'], icon: 'build/icons/icon.ico' },
    nsis: {
      // IT installs for every user of the machine; an agent may still choose the folder when installing by hand.
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: PRODUCT_NAME,
    },
    mac: {
      // electron-updater installs macOS updates from a zip (Squirrel.Mac), so a build with a feed makes one too.
      target: updateUrl ? ['dmg', 'zip'] : ['dmg'],
      icon: 'build/icons/icon.icns',
      category: 'public.app-category.business',
      // Notarisation needs the hardened runtime; V8's JIT needs these entitlements under it.
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    },
    dmg: { title: `${PRODUCT_NAME} \${version}` },
  };
}

/** electron-builder calls a config module's default export. */
export default () => builderConfig(process.env);
