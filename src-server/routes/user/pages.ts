/**
 * The end user's web pages under /account: sign-in and settings, and the re-enrolment link page.
 * Static HTML, one CSS file and small ES modules built from src-user-pages (vite.userPages.config.ts) into
 * out/main/userPages, served from memory with a strict CSP; the pages talk only to this backend's own JSON API.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import type { AppDeps } from '../../appDeps.js';
import { ACCOUNT_LANGUAGES } from '../../../src-shared/api.js';
import { sendProblem } from '../../plugins/errorHandler.js';

export const USER_PAGES_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const PAGES = { '/account': 'account.html', '/account/enrol': 'enrol.html' } as const;

// Only these names are ever read from disk, so no request can reach another file.
const ASSETS: Record<string, string> = {
  'account.css': 'text/css; charset=utf-8',
  'account.js': 'text/javascript; charset=utf-8',
  'enrol.js': 'text/javascript; charset=utf-8',
  'mfaSetup.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'messages.js': 'text/javascript; charset=utf-8',
};

/** The languages the pages speak (src-user-pages/messages.ts); the first is the default. */
const PAGE_LANGUAGES = ACCOUNT_LANGUAGES;
type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/**
 * The language to greet a visitor in before sign-in: the first of the browser's Accept-Language the
 * pages speak (by weight, then order), else English. Signed in, the page switches to the account's.
 */
export function pageLanguageFor(acceptLanguage: string | undefined): PageLanguage {
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.language && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.map((range) => PAGE_LANGUAGES.find((l) => l === range.language)).find((l) => l !== undefined) ?? PAGE_LANGUAGES[0];
}

/**
 * Where the built pages live: the configured folder (MFA_DESK_USER_PAGES), else beside the bundled server (electron-vite bundles
 * this module into out/main/server.js and builds the pages into out/main/userPages), else in the checkout's
 * out/main/userPages when the server runs from its TypeScript source (vitest builds them first, see
 * test/support/buildUserPages.ts; tsx after npm run build).
 */
export function findUserPagesFolder(configured?: string): string | null {
  const candidates = [
    configured,
    fileURLToPath(new URL('./userPages/', import.meta.url)),
    fileURLToPath(new URL('../../../out/main/userPages/', import.meta.url)),
  ];
  return candidates.find((folder): folder is string => !!folder && existsSync(path.join(folder, 'account.html'))) ?? null;
}

interface LoadedFile {
  body: Buffer;
  etag: string;
}

function load(folder: string, name: string): LoadedFile {
  const body = readFileSync(path.join(folder, name));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

function securityHeaders(reply: FastifyReply) {
  return reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

export const userPageRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  const folder = findUserPagesFolder(deps.config.userPagesDir);
  if (!folder)
    app.log.warn(
      'The account pages (out/main/userPages, made by npm run build) were not found; set MFA_DESK_USER_PAGES. /account answers 503.',
    );
  // Read once at start-up: the files are small, and serving from memory keeps the pages fast.
  const files = new Map<string, LoadedFile>();
  if (folder) for (const name of [...Object.values(PAGES), ...Object.keys(ASSETS)]) files.set(name, load(folder, name));

  const missing = (reply: FastifyReply) =>
    sendProblem(reply, {
      status: 503,
      code: 'user_pages_missing',
      detail: 'The account pages are not installed on this server. Contact support.',
    });

  // Each page once per language, its <html lang> set: the page's script writes its texts in that language.
  const pageIn = (name: string, language: PageLanguage) => {
    const file = files.get(name);
    return file && Buffer.from(file.body.toString('utf8').replace('<html lang="en">', `<html lang="${language}">`));
  };
  for (const [url, name] of Object.entries(PAGES)) {
    const bodies = new Map(PAGE_LANGUAGES.map((language) => [language, pageIn(name, language)]));
    app.get(url, { schema: { hide: true } }, async (request, reply) => {
      const body = bodies.get(pageLanguageFor(request.headers['accept-language']));
      if (!body) return missing(reply);
      return securityHeaders(reply)
        .header('content-security-policy', USER_PAGES_CSP)
        .header('cache-control', 'no-store')
        .header('vary', 'accept-language')
        .header('content-language', pageLanguageFor(request.headers['accept-language']))
        .type('text/html; charset=utf-8')
        .send(body);
    });
  }

  app.get<{ Params: { file: string } }>('/account/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const name = request.params.file;
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) return sendProblem(reply, { status: 404, code: 'asset_not_found', detail: 'There is no such file.' });
    const file = files.get(name);
    if (!file) return missing(reply);
    // Revalidated on every load (a 304 when unchanged), so a new server version is never mixed with old scripts.
    securityHeaders(reply).header('cache-control', 'no-cache').header('etag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    return reply.type(type).send(file.body);
  });
  done();
};
