/**
 * No console template writes user-visible words itself: they come from the catalogues through t().
 * (@intlify/eslint-plugin-vue-i18n is not installed; this reads the templates with Vue's own compiler.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@vue/compiler-sfc';
import { NodeTypes, type TemplateChildNode } from '@vue/compiler-core';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve('src-renderer/src');

/** Attributes and props whose value people read or hear. */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'alt',
  'label',
  'text',
  'intro',
  'description',
  'retry-label',
  'reason-placeholder',
  'confirm-label',
  'key-label',
]);

/** Words: two letters in a row. Glyphs (✓ ◆ · → …), digits and punctuation alone are not text. */
const WORDS = /\p{L}{2}/u;
/** A word between spaces (perhaps with a punctuation mark after it), not an identifier such as signin-code-hint. */
/** A component's name (LogView, NButton): code, not text. */
const COMPONENT_NAME = /^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;
const WORD_TOKEN = /^\p{L}{2,}[.,:;!?…]?$/u;

/** The static text of each string literal in an expression ('…', "…", and `…` without its ${} parts). */
function stringLiterals(expression: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < expression.length; i++) {
    const quote = expression[i]!;
    if (quote !== "'" && quote !== '"' && quote !== '`') continue;
    let text = '';
    let j = i + 1;
    while (j < expression.length && expression[j] !== quote) {
      if (expression[j] === '\\') j++;
      else if (quote === '`' && expression.startsWith('${', j)) {
        let depth = 1;
        j += 2;
        while (j < expression.length && depth > 0) depth += expression[j] === '{' ? 1 : expression[j++] === '}' ? -1 : 0;
        text += ' ';
        continue;
      } else text += expression[j];
      j++;
    }
    found.push(text);
    i = j;
  }
  return found;
}

/**
 * String literals inside a template expression that read as words for people — beginning with a
 * capital, or two words or more — outside t('…') calls. CSS classes, ids, test hooks, enum values and
 * route names are none of these.
 */
function literalWords(expression: string): string[] {
  const withoutKeys = expression.replace(/\bt\(\s*(['`])[^'`]*\1/g, 't(');
  return stringLiterals(withoutKeys).filter(
    (s) => (/^\s*\p{Lu}\p{L}/u.test(s) && !COMPONENT_NAME.test(s)) || s.split(/\s+/).filter((token) => WORD_TOKEN.test(token)).length >= 2,
  );
}

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return vueFiles(full);
    return entry.name.endsWith('.vue') ? [full] : [];
  });
}

/** The literal texts a template shows, each with its line. */
export function literalTexts(source: string): string[] {
  const template = parse(source).descriptor.template;
  if (!template) return [];
  const found: string[] = [];
  const visit = (node: TemplateChildNode) => {
    if (node.type === NodeTypes.TEXT && WORDS.test(node.content)) found.push(`${node.loc.start.line}: ${node.content.trim()}`);
    if (node.type === NodeTypes.INTERPOLATION && node.content.type === NodeTypes.SIMPLE_EXPRESSION) {
      for (const words of literalWords(node.content.content)) found.push(`${node.loc.start.line}: ${words}`);
    }
    if (node.type === NodeTypes.ELEMENT) {
      for (const prop of node.props) {
        if (prop.type === NodeTypes.ATTRIBUTE && TEXT_ATTRIBUTES.has(prop.name) && prop.value && WORDS.test(prop.value.content)) {
          found.push(`${prop.loc.start.line}: ${prop.name}="${prop.value.content}"`);
        }
        if (prop.type === NodeTypes.DIRECTIVE && prop.exp?.type === NodeTypes.SIMPLE_EXPRESSION) {
          for (const words of literalWords(prop.exp.content)) found.push(`${prop.loc.start.line}: ${words}`);
        }
      }
      node.children.forEach(visit);
    }
    if (node.type === NodeTypes.IF) node.branches.forEach((branch) => branch.children.forEach(visit));
    if (node.type === NodeTypes.FOR) node.children.forEach(visit);
  };
  template.ast?.children.forEach(visit);
  return found;
}

describe('console templates', () => {
  const files = vueFiles(RENDERER).map((file) => path.relative(RENDERER, file));
  const withText = Object.fromEntries(
    files.map((file) => [file, literalTexts(readFileSync(path.join(RENDERER, file), 'utf8'))] as const).filter(([, texts]) => texts.length),
  );

  it('show no literal text: every word comes from the catalogues', () => {
    expect(withText).toEqual({});
  });

  it('finds literal text where there is some (the check itself works)', () => {
    const sample = `<template><p title="Hello there">Welcome</p><b>{{ ok ? 'Copied ✓' : t('common.copy') }}</b><i>{{ t('a.b') }} ·</i></template>`;
    expect(literalTexts(sample)).toEqual(['1: title="Hello there"', '1: Welcome', '1: Copied ✓']);
    const bound = `<template><a :class="{ 'x--open': a }" :style="{ transform: \`translateY(\${y}px)\` }" :data-x="\`change-\${n}\`">{{ n ? 'end of list' : 'idle' }}</a></template>`;
    expect(literalTexts(bound)).toEqual(['1: end of list']);
  });
});
